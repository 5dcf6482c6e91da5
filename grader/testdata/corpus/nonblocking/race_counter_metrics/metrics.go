// Package racecountermetrics counts requests by status class for a metrics endpoint.
package racecountermetrics

// Counters holds request counters.
type Counters struct {
	total  int64
	errors int64
}

// Observe records one request with its HTTP status.
func (c *Counters) Observe(status int) {
	c.total++
	if status >= 500 {
		c.errors++
	}
}

// Snapshot returns the counters.
func (c *Counters) Snapshot() (total, errors int64) { return c.total, c.errors }
