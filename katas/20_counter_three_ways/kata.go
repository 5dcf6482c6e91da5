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

// AtomicCounter counts with an atomic integer.
type AtomicCounter struct {
	n int64
}

// NewAtomicCounter returns a counter at zero.
func NewAtomicCounter() *AtomicCounter {
	return &AtomicCounter{}
}

// Inc adds one to the count.
func (c *AtomicCounter) Inc() {
	c.n++
}

// Value returns the count.
func (c *AtomicCounter) Value() int64 {
	return c.n
}

// MutexCounter counts under a mutex.
type MutexCounter struct {
	n int64
}

// NewMutexCounter returns a counter at zero.
func NewMutexCounter() *MutexCounter {
	return &MutexCounter{}
}

// Inc adds one to the count.
func (c *MutexCounter) Inc() {
	c.n++
}

// Value returns the count.
func (c *MutexCounter) Value() int64 {
	return c.n
}

// ChanCounter counts in a goroutine of its own that owns the count.
type ChanCounter struct {
	n int64
}

// NewChanCounter returns a counter at zero. Call Close when done with it.
func NewChanCounter() *ChanCounter {
	return &ChanCounter{}
}

// Inc adds one to the count.
func (c *ChanCounter) Inc() {
	c.n++
}

// Value returns the count.
func (c *ChanCounter) Value() int64 {
	return c.n
}

// Close stops the counter. The counter must not be used after Close.
func (c *ChanCounter) Close() {}
