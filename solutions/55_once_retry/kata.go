// Kata 55: a failed start, never retried.
//
// Client is the inventory service's connection to its database. It dials
// lazily, on the first request, and shares one connection between all the
// requests that follow. This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package onceretry

import (
	"fmt"
	"sync"
)

// Conn is an open connection to the database.
type Conn interface {
	// Stock returns how many of item the warehouse holds.
	Stock(item string) (int, error)
}

// DialFunc opens a connection to the database at addr.
type DialFunc func(addr string) (Conn, error)

// Client shares one lazily dialled connection between all requests.
type Client struct {
	addr string
	dial DialFunc

	mu   sync.Mutex // held while dialling: one attempt at a time
	conn Conn       // nil until a dial succeeds
}

// NewClient returns a client for the database at addr. It does not dial:
// the service must start even while the database is still booting.
func NewClient(addr string, dial DialFunc) *Client {
	return &Client{addr: addr, dial: dial}
}

// Conn returns the shared connection, dialling it on first use. When the
// dial fails, Conn returns the error to its caller, and a later call dials
// again. Requests call Conn concurrently.
func (c *Client) Conn() (Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		return c.conn, nil
	}
	// sync.Once would remember a failure forever: keep only a success, so
	// that the next call after a failed dial tries again.
	conn, err := c.dial(c.addr)
	if err != nil {
		return nil, err
	}
	c.conn = conn
	return conn, nil
}

// Stock returns how many of item the warehouse holds.
func (c *Client) Stock(item string) (int, error) {
	conn, err := c.Conn()
	if err != nil {
		return 0, fmt.Errorf("stock of %s: %w", item, err)
	}
	return conn.Stock(item)
}
