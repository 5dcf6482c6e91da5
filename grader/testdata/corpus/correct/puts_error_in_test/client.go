// Package putserrorintest is a key-value client whose test reports goroutine errors correctly.
package putserrorintest

import (
	"fmt"
	"strings"
	"sync"
)

// Client talks to a (fake, in-memory) key-value server.
type Client struct {
	mu   sync.Mutex
	data map[string]string
}

// NewClient returns a client with an empty store.
func NewClient() *Client { return &Client{data: map[string]string{}} }

// Put stores a value; keys must be absolute paths.
func (c *Client) Put(key, value string) error {
	if !strings.HasPrefix(key, "/") {
		return fmt.Errorf("invalid key %q: must start with /", key)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[key] = value
	return nil
}

// Get returns a value.
func (c *Client) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.data[key]
	return v, ok
}
