// Package sendclosedchan batches writes and flushes them on stop, like a WAL batcher.
package sendclosedchan

// Batcher collects items and delivers them on Out in batches.
type Batcher struct {
	in      chan string
	Out     chan []string
	stop    chan struct{}
	stopped chan struct{}
	size    int
}

// NewBatcher starts a batcher delivering batches of size items.
func NewBatcher(size int) *Batcher {
	b := &Batcher{in: make(chan string), Out: make(chan []string, 16),
		stop: make(chan struct{}), stopped: make(chan struct{}), size: size}
	go b.loop()
	return b
}

func (b *Batcher) loop() {
	defer close(b.stopped)
	var buf []string
	for {
		select {
		case it := <-b.in:
			if buf = append(buf, it); len(buf) == b.size {
				b.Out <- buf
				buf = nil
			}
		case <-b.stop:
			if len(buf) > 0 {
				b.Out <- buf // flush the partial batch
			}
			return
		}
	}
}

// Add queues an item.
func (b *Batcher) Add(it string) { b.in <- it }

// Stop closes Out for readers and stops the loop.
func (b *Batcher) Stop() {
	close(b.Out)
	close(b.stop)
	<-b.stopped
}
