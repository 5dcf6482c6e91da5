// Kata 51: pub/sub slow subscriber.
//
// Hub is the event bus of an online auction: bids are published to it, and
// every subscriber (the live bid ticker, the e-mail notifier, the audit log)
// gets its own stream of events. This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package pubsubslowsubscriber

import "sync"

// Event is one bid.
type Event struct {
	Seq    int
	Bidder string
	Cents  int
}

// Hub delivers every published event to every subscriber.
type Hub struct {
	mu     sync.Mutex
	nextID int
	subs   map[int]chan Event
}

// NewHub returns a hub with no subscribers.
func NewHub() *Hub {
	return &Hub{subs: make(map[int]chan Event)}
}

// Subscribe returns a stream of the events published from now on, and a
// function that ends the subscription and closes the stream.
func (h *Hub) Subscribe() (<-chan Event, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.nextID
	h.nextID++
	ch := make(chan Event)
	h.subs[id] = ch

	var once sync.Once
	unsubscribe := func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			delete(h.subs, id)
			close(ch)
		})
	}
	return ch, unsubscribe
}

// Publish delivers e to every subscriber. Bidders call it, and it must
// return promptly whatever the subscribers are doing.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		ch <- e
	}
}
