// Kata 24 "drop_at_scope": this is the file to fix.
//
// A nightly exporter pushes batches of invoices to the accounting system.
// Connections come from a small shared pool: every exporter borrows one
// connection per batch and gives it back when the batch is sent. The pool
// never blocks; it only counts how many connections are out, so the
// operators can see when a job holds more than its share.
package dropatscope

import (
	"fmt"
	"strings"
	"sync"
)

// Pool hands out connections and keeps track of how many are out at once.
type Pool struct {
	// Deliver hands a payload to the accounting system; nil delivers
	// everything. A delivery error is returned by Send.
	Deliver func(payload string) error

	mu   sync.Mutex
	out  int
	peak int
	sent []string
}

// Conn is a borrowed connection.
type Conn struct {
	pool *Pool
	done bool
}

// Acquire borrows a connection.
func (p *Pool) Acquire() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out++
	p.peak = max(p.peak, p.out)
	return &Conn{pool: p}
}

// Release gives the connection back. Releasing twice is a no-op.
func (c *Conn) Release() {
	p := c.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.done {
		return
	}
	c.done = true
	p.out--
}

// Send delivers one payload over the connection.
func (c *Conn) Send(payload string) error {
	p := c.pool
	p.mu.Lock()
	done := c.done
	p.mu.Unlock()
	if done {
		return fmt.Errorf("send on a released connection")
	}
	if p.Deliver != nil {
		if err := p.Deliver(payload); err != nil {
			return err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, payload)
	return nil
}

// Out reports how many connections are borrowed right now.
func (p *Pool) Out() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out
}

// Peak reports the largest number of connections ever borrowed at once.
func (p *Pool) Peak() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// Sent returns the payloads delivered so far.
func (p *Pool) Sent() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.sent...)
}

// Export sends every batch over its own borrowed connection.
func Export(pool *Pool, batches [][]string) error {
	for i, batch := range batches {
		conn := pool.Acquire()
		defer conn.Release()

		payload := fmt.Sprintf("batch %d: %s", i, strings.Join(batch, ","))
		if err := conn.Send(payload); err != nil {
			return fmt.Errorf("batch %d: %w", i, err)
		}
	}
	return nil
}
