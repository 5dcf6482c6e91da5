// Kata 20: counter_three_ways.
//
// This is the file to fix. A job queue counts the jobs it has finished, from
// many worker goroutines at once. The team cannot agree on how the counter
// should be written, so here it is three ways, with the same API, to be
// compared side by side (see the benchmarks in kata_test.go):
//
//   - AtomicCounter keeps the count in an atomic integer;
//   - MutexCounter guards the count with a sync.Mutex;
//   - ChanCounter lets one goroutine own the count; Inc and Value talk to
//     it over channels, and Close stops it.
//
// All three must be safe for concurrent use.
package counterthreeways

import (
	"sync"
	"sync/atomic"
)

// AtomicCounter counts with an atomic integer.
type AtomicCounter struct {
	n atomic.Int64
}

// NewAtomicCounter returns a counter at zero.
func NewAtomicCounter() *AtomicCounter {
	return &AtomicCounter{}
}

// Inc adds one to the count.
func (c *AtomicCounter) Inc() {
	c.n.Add(1)
}

// Value returns the count.
func (c *AtomicCounter) Value() int64 {
	return c.n.Load()
}

// MutexCounter counts under a mutex.
type MutexCounter struct {
	mu sync.Mutex
	n  int64
}

// NewMutexCounter returns a counter at zero.
func NewMutexCounter() *MutexCounter {
	return &MutexCounter{}
}

// Inc adds one to the count.
func (c *MutexCounter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

// Value returns the count.
func (c *MutexCounter) Value() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// ChanCounter counts in a goroutine of its own that owns the count.
type ChanCounter struct {
	inc    chan struct{}
	values chan int64
	quit   chan struct{}
	wg     sync.WaitGroup
}

// NewChanCounter returns a counter at zero. Call Close when done with it.
func NewChanCounter() *ChanCounter {
	c := &ChanCounter{
		inc:    make(chan struct{}),
		values: make(chan int64),
		quit:   make(chan struct{}),
	}
	c.wg.Go(c.run)
	return c
}

// run owns the count: no other goroutine ever touches n, so it needs no
// lock. It serves one request at a time until Close.
func (c *ChanCounter) run() {
	var n int64
	for {
		select {
		case <-c.inc:
			n++
		case c.values <- n:
		case <-c.quit:
			return
		}
	}
}

// Inc adds one to the count.
func (c *ChanCounter) Inc() {
	c.inc <- struct{}{}
}

// Value returns the count.
func (c *ChanCounter) Value() int64 {
	return <-c.values
}

// Close stops the counter. The counter must not be used after Close.
func (c *ChanCounter) Close() {
	close(c.quit)
	c.wg.Wait()
}
