// Package raceclosedflag is a buffered connection whose Close is called from another goroutine.
package raceclosedflag

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("use of closed connection")

// Conn buffers writes.
type Conn struct {
	mu     sync.Mutex
	closed bool
	buf    []byte
}

// Write appends p unless the connection is closed.
func (c *Conn) Write(p []byte) (int, error) {
	if c.closed {
		return 0, ErrClosed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = append(c.buf, p...)
	return len(p), nil
}

// Close marks the connection closed.
func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}
