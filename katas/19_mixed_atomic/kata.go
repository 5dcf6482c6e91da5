// Kata 19: mixed_atomic.
//
// This is the file to fix. A video-streaming edge server bills its customers
// for the bytes it sends. Every request handler adds to a Meter, and a
// billing job flushes the meter once a minute to write an invoice line.
package mixedatomic

import "sync/atomic"

// Meter counts bytes sent. It is safe for concurrent use.
type Meter struct {
	bytes int64
}

// Add records n more bytes sent.
func (m *Meter) Add(n int64) {
	atomic.AddInt64(&m.bytes, n)
}

// Current returns the bytes sent since the last flush.
func (m *Meter) Current() int64 {
	return atomic.LoadInt64(&m.bytes)
}

// Flush returns the bytes sent since the last flush and starts counting
// again from zero. Every byte is billed exactly once.
func (m *Meter) Flush() int64 {
	n := m.bytes
	m.bytes = 0
	return n
}
