// Package channilchannel delivers node events to a consumer, optionally buffered.
package channilchannel

// Event is a node condition change.
type Event struct {
	Node, Condition string
}

// Notifier hands events to one consumer.
type Notifier struct {
	events chan Event
	size   int
}

// NewNotifier returns a notifier with a buffer of size events (0: unbuffered).
func NewNotifier(size int) *Notifier {
	n := &Notifier{size: size}
	if size > 0 {
		n.events = make(chan Event, size)
	}
	return n
}

// Notify delivers an event.
func (n *Notifier) Notify(e Event) { n.events <- e }

// Events is the consumer's side.
func (n *Notifier) Events() <-chan Event { return n.events }

// Close stops delivery.
func (n *Notifier) Close() { close(n.events) }
