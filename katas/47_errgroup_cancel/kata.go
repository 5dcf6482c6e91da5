// Kata 47: errgroup cancel.
//
// Import loads a customer export into the shop's database with a pool of
// workers. One bad record stops the whole import. This is the file to fix:
// make the tests in kata_test.go pass without changing them.
package errgroupcancel

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Record is one line of the customer export.
type Record struct {
	ID    int
	Email string
}

// Import stores every record with store, using the given number of workers.
// It stops at the first record that store rejects and returns that error;
// the records still queued are not stored. Import starts goroutines of its
// own; all of them are finished by the time it returns.
func Import(ctx context.Context, records []Record, workers int, store func(context.Context, Record) error) error {
	g, ctx := errgroup.WithContext(ctx)
	jobs := make(chan Record)

	// Feed the records to the workers.
	go func() {
		defer close(jobs)
		for _, r := range records {
			jobs <- r
		}
	}()

	for range max(workers, 1) {
		g.Go(func() error {
			for r := range jobs {
				if err := store(ctx, r); err != nil {
					return fmt.Errorf("record %d: %w", r.ID, err)
				}
			}
			return nil
		})
	}
	return g.Wait()
}
