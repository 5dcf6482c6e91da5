package errgrouplimit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errQuota = errors.New("storage quota exceeded")

// fakeStore holds every upload until the test finishes it, or until the
// upload's context is cancelled.
type fakeStore struct {
	mu          sync.Mutex
	results     map[string]chan error // the test sends an upload's result here
	uploading   []string              // uploads in flight, in the order they started
	started     int
	afterCancel []string // uploads started with their context already cancelled
	uploaded    []string
	most        int // the most uploads in flight at once
}

func newStore() *fakeStore { return &fakeStore{results: map[string]chan error{}} }

func (s *fakeStore) result(photo string) chan error {
	if s.results[photo] == nil {
		s.results[photo] = make(chan error, 1)
	}
	return s.results[photo]
}

func (s *fakeStore) Upload(ctx context.Context, photo string) error {
	s.mu.Lock()
	s.started++
	if ctx.Err() != nil {
		s.afterCancel = append(s.afterCancel, photo)
	}
	s.uploading = append(s.uploading, photo)
	s.most = max(s.most, len(s.uploading))
	result := s.result(photo)
	s.mu.Unlock()

	var err error
	select {
	case err = <-result:
	case <-ctx.Done():
		err = ctx.Err()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.uploading = slices.DeleteFunc(s.uploading, func(p string) bool { return p == photo })
	if err == nil {
		s.uploaded = append(s.uploaded, photo)
	}
	return err
}

// finish ends the upload of photo with err (nil: it succeeded).
func (s *fakeStore) finish(photo string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.result(photo) <- err
}

func (s *fakeStore) inFlight() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.uploading)
}

type snapshot struct {
	started, most int
	afterCancel   []string
	uploaded      []string
}

func (s *fakeStore) snapshot() snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return snapshot{s.started, s.most, slices.Clone(s.afterCancel), slices.Clone(s.uploaded)}
}

func library(n int) []string {
	photos := make([]string, n)
	for i := range photos {
		photos[i] = fmt.Sprintf("IMG_%04d.jpg", i)
	}
	return photos
}

// backup runs UploadAll in a goroutine; the channel gets its result.
func backup(ctx context.Context, store *fakeStore, photos []string, limit int) chan error {
	done := make(chan error, 1)
	go func() { done <- UploadAll(ctx, store, photos, limit) }()
	return done
}

// returned reports whether UploadAll has returned, once every goroutine of
// the bubble is blocked, and its error.
func returned(done chan error) (bool, error) {
	synctest.Wait()
	select {
	case err := <-done:
		return true, err
	default:
		return false, nil
	}
}

func TestUploadsEveryPhotoWithinTheLimit(t *testing.T) {
	for _, tc := range []struct{ photos, limit int }{{10, 3}, {12, 1}, {12, 5}, {7, 10}} {
		t.Run(fmt.Sprintf("%d photos, limit %d", tc.photos, tc.limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				store := newStore()
				photos := library(tc.photos)
				done := backup(t.Context(), store, photos, tc.limit)

				// Finish the oldest upload in flight, one at a time.
				for {
					synctest.Wait()
					busy := store.inFlight()
					if len(busy) == 0 {
						break
					}
					store.finish(busy[0], nil)
				}
				ok, err := returned(done)
				require.True(t, ok, "UploadAll returns once every photo is uploaded")
				require.NoError(t, err)
				got := store.snapshot()
				assert.ElementsMatch(t, photos, got.uploaded, "every photo is uploaded, once")
				assert.LessOrEqual(t, got.most, tc.limit,
					"with limit %d, %d uploads were in flight at once: the limit must hold for every upload", tc.limit, got.most)
				assert.Equal(t, min(tc.limit, tc.photos), got.most,
					"the backup uses the slots it has: limit %d means that many uploads in flight", tc.limit)
			})
		})
	}
}

// The user presses Cancel while three uploads are in flight.
func TestCancelStartsNoNewUpload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newStore()
		ctx, cancel := context.WithCancel(t.Context())
		done := backup(ctx, store, library(10), 3)
		synctest.Wait()
		require.Len(t, store.inFlight(), 3, "three uploads start at once")

		cancel()
		ok, err := returned(done)
		require.True(t, ok, "UploadAll returns once the backup is cancelled and the uploads in flight have given up")
		assert.ErrorIs(t, err, context.Canceled, "a cancelled backup returns the context's error")
		got := store.snapshot()
		assert.Empty(t, got.afterCancel,
			"uploads started after the backup was cancelled: the wait for a free slot must end when the context is cancelled (a slot freed by a cancelled upload is no reason to start another)")
		assert.Equal(t, 3, got.started, "only the three uploads in flight when Cancel was pressed ever start")
	})
}

func TestCancelledBeforeTheStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newStore()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		ok, err := returned(backup(ctx, store, library(5), 2))
		require.True(t, ok, "a backup cancelled before it starts returns at once")
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, store.snapshot().started,
			"uploads started although the backup was cancelled before it began: the wait for a slot must watch the context")
	})
}

// The storage runs out of quota on the second photo.
func TestAFailedUploadStopsTheBackup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newStore()
		photos := library(10)
		done := backup(t.Context(), store, photos, 3)
		synctest.Wait()
		require.Len(t, store.inFlight(), 3, "three uploads start at once")

		store.finish(photos[1], errQuota)
		ok, err := returned(done)
		require.True(t, ok, "UploadAll returns once an upload has failed and the others in flight have given up")
		assert.ErrorIs(t, err, errQuota, "UploadAll returns the first upload's error")
		got := store.snapshot()
		assert.LessOrEqual(t, got.started, 4,
			"%d uploads started after the failure: the failure cancels the group's context, and the wait for a slot must watch it (one upload may slip in at the instant of the failure, no more)", got.started-3)
	})
}
