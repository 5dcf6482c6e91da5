// Kata 09: nil channel.
//
// This is the file to fix. The tests in kata_test.go describe what the Hub must do.
package nilchannel

// Event is something that happened in the chat service.
type Event struct {
	Room string
	Kind string // "join", "message" or "leave"
}

// Stats are the counters the hub keeps per room and kind of event.
type Stats map[string]map[string]int

// Hub counts chat events. Publishers hand events to the hub, and a single
// goroutine owns the counters, so they need no lock.
type Hub struct {
	events chan Event
	done   chan struct{}
	stats  Stats
}

// NewHub starts a hub.
func NewHub() *Hub {
	h := &Hub{
		done:  make(chan struct{}),
		stats: Stats{},
	}
	go h.run()
	return h
}

func (h *Hub) run() {
	defer close(h.done)
	for e := range h.events {
		if h.stats[e.Room] == nil {
			h.stats[e.Room] = map[string]int{}
		}
		h.stats[e.Room][e.Kind]++
	}
}

// Publish hands one event to the hub.
func (h *Hub) Publish(e Event) {
	h.events <- e
}

// Close stops the hub once every published event has been counted, and
// returns the counters.
func (h *Hub) Close() Stats {
	close(h.events)
	<-h.done
	return h.stats
}
