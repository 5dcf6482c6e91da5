// Kata 21 "event_router": this is the file to fix.
//
// The order service publishes its events on one inbox channel. A single
// router goroutine reads them, dispatches each by its type and writes the
// resulting ledger lines. Several publishers share the inbox, so nobody
// closes it: the router stops when it reads a Shutdown event.
package eventrouter

import "fmt"

// OrderPlaced is published when a customer places an order.
type OrderPlaced struct {
	ID    string
	Cents int
}

// OrderCancelled is published when a customer cancels an order.
type OrderCancelled struct {
	ID     string
	Reason string
}

// Shutdown asks the router to stop.
type Shutdown struct{}

// Router turns events into ledger lines.
type Router struct {
	inbox  chan any
	ledger chan string
	open   map[string]int
}

// NewRouter returns a router whose goroutine is not started yet.
func NewRouter() *Router {
	return &Router{
		inbox:  make(chan any),
		ledger: make(chan string),
		open:   make(map[string]int),
	}
}

// Inbox is where publishers send events.
func (r *Router) Inbox() chan<- any { return r.inbox }

// Ledger yields one line per handled event. It is closed when the router
// has handled Shutdown.
func (r *Router) Ledger() <-chan string { return r.ledger }

// Start runs the router on its own goroutine.
func (r *Router) Start() { go r.run() }

func (r *Router) run() {
	for msg := range r.inbox {
		switch ev := msg.(type) {
		case OrderPlaced:
			r.open[ev.ID] = ev.Cents
			r.ledger <- fmt.Sprintf("placed %s %d.%02d", ev.ID, ev.Cents/100, ev.Cents%100)
		case OrderCancelled:
			cents, ok := r.open[ev.ID]
			if !ok {
				r.ledger <- fmt.Sprintf("ignored cancel of unknown order %s", ev.ID)
				continue
			}
			delete(r.open, ev.ID)
			r.ledger <- fmt.Sprintf("refund %s %d.%02d (%s)", ev.ID, cents/100, cents%100, ev.Reason)
		case Shutdown:
			r.ledger <- fmt.Sprintf("closing with %d open orders", len(r.open))
			close(r.ledger)
			// return, not break: inside a switch, a bare break only leaves
			// the switch and the loop would go on waiting for events.
			return
		default:
			r.ledger <- fmt.Sprintf("unknown event %T", ev)
		}
	}
}
