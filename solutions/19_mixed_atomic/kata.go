// Kata 19: mixed_atomic.
//
// This is the file to fix. A video-streaming edge server bills its customers
// for the bytes it sends. Every request handler adds to a Meter, and a
// billing job flushes the meter once a minute to write an invoice line.
package mixedatomic

import "sync/atomic"

// Meter counts bytes sent. It is safe for concurrent use.
type Meter struct {
	// An atomic.Int64 can only be used through its atomic methods, so no
	// plain read or write of the count can slip in.
	bytes atomic.Int64
}

// Add records n more bytes sent.
func (m *Meter) Add(n int64) {
	m.bytes.Add(n)
}

// Current returns the bytes sent since the last flush.
func (m *Meter) Current() int64 {
	return m.bytes.Load()
}

// Flush returns the bytes sent since the last flush and starts counting
// again from zero. Every byte is billed exactly once.
func (m *Meter) Flush() int64 {
	// Read and reset in one atomic step: no Add can fall between the two.
	return m.bytes.Swap(0)
}
