package sendonclosed

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// session tracks n events and returns them in the order they were tracked.
func session(c *Collector, n int) []Event {
	events := make([]Event, n)
	for i := range events {
		events[i] = Event{User: fmt.Sprintf("u%d", i%4), Action: fmt.Sprintf("tap-%02d", i+1)}
		c.Track(events[i])
	}
	return events
}

// stop calls Stop in its own goroutine and gives it a (fake) hour, so that a
// Stop that can never return is reported with a message instead of a bare
// deadlock. A correct Stop needs no time at all: it waits for events, not for
// a timer.
func stop(t *testing.T, c *Collector) [][]Event {
	t.Helper()
	var batches [][]Event
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		batches = c.Stop()
	}()
	select {
	case <-done:
	case <-time.After(time.Hour):
		assert.Fail(t, "Stop never returns: the uploaders range over c.batches until it is closed, "+
			"so the batcher, its only sender, must close it after its last send")
		return nil
	}
	assert.Zero(t, time.Since(start), "Stop waited on a timer: a sleep only guesses when the batcher has flushed")
	return batches
}

// allEvents flattens the uploaded batches and checks their sizes.
func allEvents(t *testing.T, batches [][]Event) map[Event]int {
	t.Helper()
	seen := map[Event]int{}
	for _, b := range batches {
		assert.NotEmpty(t, b, "an uploaded batch is never empty")
		assert.LessOrEqual(t, len(b), batchSize, "a batch holds at most %d events", batchSize)
		for _, e := range b {
			seen[e]++
		}
	}
	return seen
}

func TestStopFlushesThePartialBatch(t *testing.T) {
	// The bubble reports at once a collector that can never stop.
	synctest.Test(t, func(t *testing.T) {
		c := NewCollector(3)
		events := session(c, 2*batchSize+5)

		batches := stop(t, c)

		assert.Len(t, batches, 3, "two full batches and the flushed partial one")
		seen := allEvents(t, batches)
		for _, e := range events {
			assert.Equal(t, 1, seen[e], "event %v must be uploaded exactly once, the last, partial batch too", e)
		}
	})
}

func TestStopWithOneUploaderAndManyBatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := NewCollector(1)
		events := session(c, 12*batchSize+7)

		batches := stop(t, c)

		assert.Len(t, batches, 13, "twelve full batches and the flushed partial one")
		seen := allEvents(t, batches)
		for _, e := range events {
			assert.Equal(t, 1, seen[e], "event %v must be uploaded exactly once, the last, partial batch too", e)
		}
	})
}

func TestStopWithoutEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := NewCollector(2)

		assert.Empty(t, stop(t, c), "nothing tracked, nothing uploaded")
	})
}
