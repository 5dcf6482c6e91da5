// Package rareconnclosecas is the fixed client connection: whichever of the reader
// goroutine and the user closes it first closes its done channel, in one atomic step.
package rareconnclosecas

import "sync/atomic"

// Conn delivers the messages of a stream.
type Conn struct {
	in     <-chan string
	out    chan string
	done   chan struct{}
	closed atomic.Bool
}

// Dial starts reading the stream in.
func Dial(in <-chan string) *Conn {
	c := &Conn{in: in, out: make(chan string), done: make(chan struct{})}
	go c.readLoop()
	return c
}

func (c *Conn) readLoop() {
	for msg := range c.in {
		select {
		case c.out <- msg:
		case <-c.done:
			return
		}
	}
	c.Close() // end of stream
}

// Messages delivers the stream's messages.
func (c *Conn) Messages() <-chan string { return c.out }

// Done is closed once the connection is closed.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Close closes the connection; it may be called more than once.
func (c *Conn) Close() {
	if c.closed.CompareAndSwap(false, true) {
		close(c.done)
	}
}
