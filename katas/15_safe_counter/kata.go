// Kata 15: safe_counter.
//
// This is the file to fix. SafeCounter counts visits per URL key for a small
// web analytics service, in the style of the Go tour. Many request handlers
// call Inc at the same time, and a dashboard reads the counts with Value.
package safecounter

// SafeCounter is safe to use concurrently.
type SafeCounter struct {
	v map[string]int
}

// NewSafeCounter returns an empty counter.
func NewSafeCounter() *SafeCounter {
	return &SafeCounter{v: make(map[string]int)}
}

// Inc increments the counter for the given key.
func (c *SafeCounter) Inc(key string) {
	c.v[key]++
}

// Value returns the current value of the counter for the given key.
func (c *SafeCounter) Value(key string) int {
	return c.v[key]
}
