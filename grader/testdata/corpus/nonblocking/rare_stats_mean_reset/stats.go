// Package rarestatsmeanreset keeps a request-latency mean with lock-free counters that a
// reporter resets after each report.
package rarestatsmeanreset

import "sync/atomic"

// Latency accumulates request latencies in microseconds.
type Latency struct {
	count atomic.Int64
	sum   atomic.Int64
}

// Observe records one request.
func (l *Latency) Observe(us int64) {
	l.sum.Add(us)
	l.count.Add(1)
}

// Mean is the mean latency since the last reset, 0 if there was no request.
func (l *Latency) Mean() int64 {
	if l.count.Load() == 0 {
		return 0
	}
	return l.sum.Load() / l.count.Load()
}

// Reset starts a new reporting interval.
func (l *Latency) Reset() {
	l.count.Store(0)
	l.sum.Store(0)
}
