// Package callbufferedresult is the fixed RPC call with a deadline: the result channel has room
// for the late answer.
package callbufferedresult

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
	done := make(chan result, 1)
	go func() {
		resp, err := c.Transport(req)
		done <- result{resp, err}
	}()
	timer := time.NewTimer(c.Timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-timer.C:
		return "", ErrTimeout
	}
}
