package ctxignoredsend

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The tests run in testing/synctest bubbles, where the ticker uses fake time.
// synctest.Wait returns once every goroutine of the bubble is blocked or
// gone, so a test can tell "the follower has stopped" from "the follower is
// still waiting" without a timer, and can list the goroutines that are left.

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

// numbered returns n log lines "prefix 0", "prefix 1", ...
func numbered(prefix string, n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s %d", prefix, i)
	}
	return lines
}

// leftovers returns the stacks of the goroutines of the current bubble that
// are still there, apart from the test's own. Call it after synctest.Wait.
func leftovers() []string {
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
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		if !strings.Contains(header, "synctest bubble") ||
			strings.Contains(g, "testing/synctest.") || strings.Contains(g, "internal/synctest.") {
			continue
		}
		left = append(left, g)
	}
	return left
}

// assertFollowerStopped fails, with a message that says what the goroutine
// that is left waits for, if a goroutine is still there.
func assertFollowerStopped(t *testing.T, when string) bool {
	t.Helper()
	left := leftovers()
	if len(left) == 0 {
		return true
	}
	why := "the follower must stop once its context is done"
	switch {
	case strings.Contains(left[0], "[chan send"):
		why = "it is blocked sending a line nobody will read: a buffer only moves the limit, the send itself must give up when the context is done"
	case strings.Contains(left[0], "[select"):
		why = "it still waits in a select although the context is done: a send that gives up on a timer still blocks, it must give up when the context is done"
	case strings.Contains(left[0], "[chan receive"):
		why = "a goroutine is still blocked receiving from a channel nobody closes"
	}
	return assert.Zero(t, len(left), "%s, the follower is still running: %s. The goroutine:\n%s", when, why, left[0])
}

// next receives the next line, and fails if none comes within an hour of
// fake time (the ticker fires 3600 times meanwhile).
func next(t *testing.T, lines <-chan string, i int) (string, bool) {
	t.Helper()
	select {
	case line, ok := <-lines:
		require.True(t, ok, "the stream closed before line %d", i)
		return line, true
	case <-time.After(time.Hour):
		assert.Fail(t, "a line is lost", "line %d never arrives: the follower threw it away while the reader was busy with the line before; a send with a default case drops lines", i)
		return "", false
	}
}

func TestFollowStreamsLinesInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		want := append(append([]string{"booting"}, numbered("loading module", 20)...), "listening on :8080")
		src := batches(want[:1], nil, want[1:])

		lines := Follow(ctx, src, time.Second)
		var got []string
		for i := range want {
			// The reader is busy between two lines: the follower must
			// wait for it, not skip ahead.
			synctest.Wait()
			line, ok := next(t, lines, i)
			if !ok {
				break
			}
			got = append(got, line)
		}
		cancel()
		synctest.Wait()
		assertFollowerStopped(t, "after the cancel, between two polls")
		_, open := <-lines

		assert.Equal(t, want, got, "every line arrives once, in order")
		assert.False(t, open, "the stream is closed once the context is cancelled")
	})
}

// TestFollowStopsInTheMiddleOfABatch cancels the follower while it is in the
// middle of a batch longer than any buffer, and reads no more: the follower
// must stop at once and close the stream.
func TestFollowStopsInTheMiddleOfABatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		lines := Follow(ctx, batches(numbered("stack frame", 5000)), time.Second)
		for i := range 3 {
			_, ok := next(t, lines, i)
			require.True(t, ok)
		}

		synctest.Wait() // the follower waits to send the next line
		cancel()
		synctest.Wait()
		if assertFollowerStopped(t, "cancelled in the middle of a batch, with nobody reading") {
			for range lines { // the stream is closed
			}
		}
	})
}

// TestWaitForStopsTheFollower finds the line it waits for in the middle of a
// batch, many times over. WaitFor must return it, and the follower must stop
// although the rest of the batch is never read. WaitFor cancels just after
// the follower has delivered the line, while the follower goes on with the
// batch: only a send that itself watches the context is sure to stop.
func TestWaitForStopsTheFollower(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for round := range 20 {
			src := batches(
				[]string{"booting", "loading config"},
				append([]string{"listening on :8080"}, numbered("warming cache", 200)...),
			)

			line, err := WaitFor(t.Context(), src, time.Second, "listening")

			require.NoError(t, err, "the line shows up in the second poll")
			require.Equal(t, "listening on :8080", line, "WaitFor returns the matching line")
			synctest.Wait()
			if !assertFollowerStopped(t, fmt.Sprintf("round %d: after WaitFor returned", round)) {
				return
			}
		}
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
