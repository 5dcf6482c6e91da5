// Package chanreceiverreturnedearly is an RPC client call with a deadline, after gRPC's early dialers.
package chanreceiverreturnedearly

import (
	"errors"
	"time"
)

// ErrTimeout is returned when the transport does not answer in time.
var ErrTimeout = errors.New("rpc: deadline exceeded")

// Client sends requests over a transport.
type Client struct {
	Transport func(req string) (string, error)
	Timeout   time.Duration
}

type result struct {
	resp string
	err  error
}

// Call sends req and waits for the response or the timeout.
func (c *Client) Call(req string) (string, error) {
	done := make(chan result)
	go func() {
		resp, err := c.Transport(req)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-time.After(c.Timeout):
		return "", ErrTimeout
	}
}
