// Kata 62: connection deadline.
//
// Client talks to the warehouse's inventory server over a line protocol: it
// sends one command per line and the server answers each with one line,
// "OK <value>" or "ERR <reason>". This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package conndeadline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
)

// ErrServer wraps the reason of an "ERR" answer.
var ErrServer = errors.New("inventory server")

// Client sends commands on one connection, one command at a time.
type Client struct {
	mu   sync.Mutex
	conn net.Conn
	r    *bufio.Reader
}

// NewClient returns a client that talks on conn.
func NewClient(conn net.Conn) *Client {
	return &Client{conn: conn, r: bufio.NewReader(conn)}
}

// Do sends cmd and returns the value of the server's answer. When ctx is done
// first, Do gives up and returns ctx's error; the answer may still come, so
// the connection is out of step and the client is finished with it.
func (c *Client) Do(ctx context.Context, cmd string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	// A blocked Read or Write does not watch ctx: when ctx is done, close the
	// connection, which wakes both at once. stop unregisters the watch when
	// Do returns first.
	stop := context.AfterFunc(ctx, func() { c.conn.Close() })
	defer stop()

	if _, err := io.WriteString(c.conn, cmd+"\n"); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("send %q: %w", cmd, err)
	}
	line, err := c.r.ReadString('\n')
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("answer to %q: %w", cmd, err)
	}
	line = strings.TrimSuffix(line, "\n")
	if reason, ok := strings.CutPrefix(line, "ERR "); ok {
		return "", fmt.Errorf("%w: %s", ErrServer, reason)
	}
	value, ok := strings.CutPrefix(line, "OK ")
	if !ok {
		return "", fmt.Errorf("answer to %q: malformed line %q", cmd, line)
	}
	return value, nil
}

// Stock returns how many items of sku the warehouse holds.
func (c *Client) Stock(ctx context.Context, sku string) (int, error) {
	v, err := c.Do(ctx, "STOCK "+sku)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// Close closes the connection.
func (c *Client) Close() error {
	return c.conn.Close()
}
