// Kata 08: send on a closed channel.
//
// This is the file to fix. The tests in kata_test.go describe what the Collector must do.
package sendonclosed

import "sync"

// batchSize is how many events go into one upload.
const batchSize = 10

// Event is one thing a user did in the app.
type Event struct {
	User   string
	Action string
}

// Collector gathers analytics events, groups them into batches and uploads
// the batches in the background.
type Collector struct {
	events  chan Event
	batches chan []Event
	stop    chan struct{}
	workers sync.WaitGroup

	mu       sync.Mutex
	uploaded [][]Event
}

// NewCollector starts a collector with the given number of uploaders.
func NewCollector(uploaders int) *Collector {
	c := &Collector{
		events:  make(chan Event),
		batches: make(chan []Event),
		stop:    make(chan struct{}),
	}
	for range uploaders {
		c.workers.Go(c.upload)
	}
	go c.batch()
	return c
}

// Track records one event.
func (c *Collector) Track(e Event) {
	c.events <- e
}

// batch groups the events into batches. When the collector stops, it flushes
// the last, partial batch so that no event is lost. It is the only sender on
// c.batches, so it is the one that closes it, once it has sent everything.
func (c *Collector) batch() {
	defer close(c.batches)
	var pending []Event
	for {
		select {
		case e := <-c.events:
			pending = append(pending, e)
			if len(pending) == batchSize {
				c.batches <- pending
				pending = nil
			}
		case <-c.stop:
			if len(pending) > 0 {
				c.batches <- pending
			}
			return
		}
	}
}

// upload sends batches to the analytics backend.
func (c *Collector) upload() {
	for b := range c.batches {
		c.mu.Lock()
		c.uploaded = append(c.uploaded, b)
		c.mu.Unlock()
	}
}

// Stop flushes the pending events, stops the collector and returns every
// batch it uploaded. Track must not be called after Stop.
func (c *Collector) Stop() [][]Event {
	close(c.stop)
	c.workers.Wait()

	c.mu.Lock()
	defer c.mu.Unlock()
	return c.uploaded
}
