// Kata 24 "held_until_return": this is the file to fix.
//
// Every night the invoice exporters push the day's invoices, batch by batch,
// to the accounting system. The accounting system accepts only a few
// sessions from us, so the connections sit in a small pool that all the
// exporters of the night share: an exporter borrows a connection for a
// batch and gives it back once the batch is sent.
package helduntilreturn

import (
	"fmt"
	"strings"
)

// PoolSize is how many connections the export opens: the accounting system
// accepts no more sessions from one client.
const PoolSize = 3

// Conn is a connection to the accounting system.
type Conn interface {
	// Send delivers one batch of invoices, or says why it was refused.
	Send(payload string) error
}

// Pool holds the idle connections. `conn := <-pool` borrows one, and waits
// while every connection is out; `pool <- conn` gives it back.
type Pool chan Conn

// NewPool opens the export's PoolSize connections with dial.
func NewPool(dial func() Conn) Pool {
	pool := make(Pool, PoolSize)
	for range PoolSize {
		pool <- dial()
	}
	return pool
}

// Export sends the batches in order, each over a connection borrowed from
// the pool for that batch, and stops at the first batch that is refused.
// Several exporters run at once and share the pool.
func Export(pool Pool, batches [][]string) error {
	for i, batch := range batches {
		conn := <-pool
		defer func() { pool <- conn }()

		payload := fmt.Sprintf("batch %d: %s", i, strings.Join(batch, ","))
		if err := conn.Send(payload); err != nil {
			return fmt.Errorf("batch %d: %w", i, err)
		}
	}
	return nil
}
