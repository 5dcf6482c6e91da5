// Kata 15: safe_counter.
//
// This is the file to fix. SafeCounter counts visits per URL key for a small
// web analytics service, in the style of the Go tour. Many request handlers
// call Inc at the same time, and a dashboard reads the counts with Value.
package safecounter

import "sync"

// SafeCounter is safe to use concurrently.
type SafeCounter struct {
	mu sync.Mutex
	v  map[string]int
}

// NewSafeCounter returns an empty counter.
func NewSafeCounter() *SafeCounter {
	return &SafeCounter{v: make(map[string]int)}
}

// Inc increments the counter for the given key.
func (c *SafeCounter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// Lock so only one goroutine at a time can access the map c.v.
	c.v[key]++
}

// Value returns the current value of the counter for the given key.
func (c *SafeCounter) Value(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.v[key]
}
