package nilchannel

import (
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestHubCountsEvents(t *testing.T) {
	// Inside the bubble a hub that can never take an event is reported at once as a deadlock.
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		for _, e := range []Event{
			{Room: "general", Kind: "join"},
			{Room: "general", Kind: "message"},
			{Room: "random", Kind: "join"},
			{Room: "general", Kind: "message"},
			{Room: "general", Kind: "leave"},
			{Room: "random", Kind: "message"},
		} {
			h.Publish(e)
		}

		stats := h.Close()

		assert.Equal(t, Stats{
			"general": {"join": 1, "message": 2, "leave": 1},
			"random":  {"join": 1, "message": 1},
		}, stats, "every published event must be counted once, per room and kind: an event was dropped or counted twice")
	})
}

func TestHubWithManyPublishers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		rooms := []string{"general", "random", "support", "offtopic", "jobs"}

		var wg sync.WaitGroup
		for _, room := range rooms {
			wg.Go(func() {
				h.Publish(Event{Room: room, Kind: "join"})
				for range 20 {
					h.Publish(Event{Room: room, Kind: "message"})
				}
			})
		}
		wg.Wait()

		stats := h.Close()

		assert.Len(t, stats, len(rooms), "one set of counters per room")
		for _, room := range rooms {
			assert.Equal(t, map[string]int{"join": 1, "message": 20}, stats[room], "counters of room %s: an event was dropped or counted twice", room)
		}
	})
}

func TestHubTakesABurstFromOnePublisher(t *testing.T) {
	// One publisher sends a long burst without pausing: the hub is still busy
	// counting one event when the next arrives, and none may be lost.
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		const burst = 1000
		for i := range burst {
			h.Publish(Event{Room: "general", Kind: []string{"join", "message", "leave"}[i%3]})
		}

		stats := h.Close()

		assert.Equal(t, Stats{"general": {"join": 334, "message": 333, "leave": 333}}, stats,
			"an event was dropped: Publish must hand every event to the hub, even while the hub is busy")
	})
}

func TestCloseWithoutEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()

		assert.Empty(t, h.Close(), "nothing published, nothing counted")
	})
}
