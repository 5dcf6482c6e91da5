// Kata 66: errgroup limit.
//
// UploadAll backs up a photo library to cloud storage, a few photos at a
// time. This is the file to fix: make the tests in kata_test.go pass without
// changing them.
package errgrouplimit

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// Store is the cloud storage. Upload gives up and returns ctx's error when
// ctx is cancelled.
type Store interface {
	Upload(ctx context.Context, photo string) error
}

// UploadAll uploads every photo, with at most limit uploads in flight at
// once: the storage throttles a client that opens more connections. As soon
// as an upload fails or ctx is cancelled, UploadAll starts no new upload; it
// waits for the uploads in flight and returns the first error.
func UploadAll(ctx context.Context, store Store, photos []string, limit int) error {
	g, gctx := errgroup.WithContext(ctx)
	slots := semaphore.NewWeighted(int64(max(limit, 1)))

	for _, photo := range photos {
		// Wait for a free slot before starting the next upload.
		if err := slots.Acquire(context.Background(), 1); err != nil {
			break // the backup was cancelled or an upload failed
		}
		g.Go(func() error {
			defer slots.Release(1)
			if err := store.Upload(gctx, photo); err != nil {
				return fmt.Errorf("upload %s: %w", photo, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}
