// Package countersatomic counts requests by status class with atomic counters.
package countersatomic

import "sync/atomic"

// Counters holds request counters.
type Counters struct {
	total  atomic.Int64
	errors atomic.Int64
}

// Observe records one request with its HTTP status.
func (c *Counters) Observe(status int) {
	c.total.Add(1)
	if status >= 500 {
		c.errors.Add(1)
	}
}

// Snapshot returns the counters.
func (c *Counters) Snapshot() (total, errors int64) { return c.total.Load(), c.errors.Load() }
