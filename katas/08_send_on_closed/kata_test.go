package sendonclosed

import (
	"fmt"
	"testing"
	"testing/synctest"

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

		batches := c.Stop()

		assert.Len(t, batches, 3, "two full batches and the flushed partial one")
		seen := allEvents(t, batches)
		for _, e := range events {
			assert.Equal(t, 1, seen[e], "event %v must be uploaded exactly once", e)
		}
	})
}

func TestStopWithoutEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := NewCollector(2)

		assert.Empty(t, c.Stop(), "nothing tracked, nothing uploaded")
	})
}
