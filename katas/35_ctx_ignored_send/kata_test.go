package ctxignoredsend

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// batches returns a Source that hands out one batch per poll, then nothing.
func batches(polls ...[]string) Source {
	return func() []string {
		if len(polls) == 0 {
			return nil
		}
		next := polls[0]
		polls = polls[1:]
		return next
	}
}

func TestFollowStreamsLinesInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		src := batches([]string{"booting"}, nil, []string{"loading config", "listening on :8080"})

		lines := Follow(ctx, src, time.Second)
		var got []string
		for range 3 {
			got = append(got, <-lines)
		}
		cancel()
		_, open := <-lines

		assert.Equal(t, []string{"booting", "loading config", "listening on :8080"}, got,
			"every line arrives once, in order")
		assert.False(t, open, "the stream is closed once the context is cancelled")
	})
}

// TestWaitForStopsTheFollower finds the line it waits for in the middle of a
// batch. WaitFor must return it, and the follower must stop: when the bubble
// ends, no goroutine may be left blocked.
func TestWaitForStopsTheFollower(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := batches(
			[]string{"booting", "loading config"},
			[]string{"listening on :8080", "warming cache", "ready"},
		)

		line, err := WaitFor(t.Context(), src, time.Second, "listening")

		require.NoError(t, err, "the line shows up in the second poll")
		assert.Equal(t, "listening on :8080", line, "WaitFor returns the matching line")
	})
}

func TestWaitForGivesUpAtTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		src := func() []string { return []string{"still booting"} }

		start := time.Now()
		_, err := WaitFor(ctx, src, time.Second, "listening")

		assert.ErrorIs(t, err, context.DeadlineExceeded, "the service never came up")
		assert.Equal(t, 30*time.Second, time.Since(start), "WaitFor gives up at the deadline, not later")
	})
}
