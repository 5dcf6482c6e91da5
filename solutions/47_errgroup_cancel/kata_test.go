package errgroupcancel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errInvalidEmail = errors.New("invalid email")

// exportSize is larger than any buffer a jobs channel plausibly gets: a
// buffer only moves the point where the feeder blocks.
const exportSize = 5000

func export(n int) []Record {
	rs := make([]Record, n)
	for i := range rs {
		rs[i] = Record{ID: i + 1, Email: fmt.Sprintf("customer%d@example.com", i+1)}
	}
	return rs
}

// database is a fake customer table.
type database struct {
	mu     sync.Mutex
	stored map[int]bool
}

func (db *database) save(r Record) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.stored == nil {
		db.stored = make(map[int]bool)
	}
	db.stored[r.ID] = true
}

func (db *database) count() int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return len(db.stored)
}

// importGoroutines returns the stacks of the goroutines still running code
// of this package (kata.go) outside the test's own functions. Called after
// synctest.Wait, when every goroutine of the bubble is blocked or gone.
func importGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var left []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "47_errgroup_cancel.") && !strings.Contains(g, "_test.go") {
			left = append(left, g)
		}
	}
	return left
}

// runImport calls Import in its own goroutine, so the test can see whether
// it has returned.
func runImport(records []Record, workers int, store func(context.Context, Record) error) (done <-chan struct{}, err *error) {
	ch := make(chan struct{})
	err = new(error)
	go func() {
		defer close(ch)
		*err = Import(context.Background(), records, workers, store)
	}()
	return ch, err
}

func returned(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func TestImportEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var db database
		busy := make(chan struct{}) // the database is busy until the test closes it
		done, err := runImport(export(exportSize), 3, func(ctx context.Context, r Record) error {
			<-busy
			db.save(r)
			return nil
		})

		// Every worker is now waiting for the database, with one record each:
		// the feeder has to wait for a worker to be free.
		synctest.Wait()
		close(busy)
		<-done

		require.NoError(t, *err, "every record is valid")
		assert.Equal(t, exportSize, db.count(),
			"every record is stored: records were lost, the feeder must wait for a free worker instead of dropping the record")
		synctest.Wait()
		assert.Empty(t, importGoroutines(), "a goroutine started by Import is still alive after a successful import")
	})
}

func TestImportStopsAtBadRecord(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		records := export(exportSize)
		records[6].Email = "not-an-email" // record 7

		var db database
		check := make(chan struct{})  // the check of record 7 ends when the test closes it
		giveUp := make(chan struct{}) // closed if Import does not return: the slow writes fail
		done, err := runImport(records, 3, func(ctx context.Context, r Record) error {
			switch {
			case r.ID == 7:
				<-check
				return errInvalidEmail
			case r.ID > 7:
				// The database is slow for the later records: they are still
				// being written when the import is cancelled.
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-giveUp:
					return errors.New("the test gave up waiting")
				}
			}
			db.save(r)
			return nil
		})

		// Every worker has a record and waits; whatever feeds them is
		// blocked handing over the next record. Now record 7 fails.
		synctest.Wait()
		close(check)
		synctest.Wait()

		if !returned(done) {
			assert.Fail(t, "Import never returned after the bad record: some goroutine it waits for is blocked, and nobody will unblock it")
			close(giveUp)
			<-done // if a goroutine is still blocked, the bubble reports the deadlock
		}

		require.ErrorIs(t, *err, errInvalidEmail, "the import fails with the bad record's error")
		assert.Contains(t, (*err).Error(), "record 7", "the error names the bad record")
		assert.Equal(t, 6, db.count(), "the records before the bad one are stored, the later ones are not")
		assert.Empty(t, importGoroutines(),
			"a goroutine started by Import is still blocked after Import returned: after the first error no worker receives any more, so the feeder must stop when the group's context is cancelled, even in the middle of a send")
	})
}
