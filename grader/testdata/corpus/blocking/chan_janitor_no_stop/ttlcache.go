// Package chanjanitornostop is a TTL cache with a background janitor, like many service caches.
package chanjanitornostop

import (
	"sync"
	"time"
)

type entry struct {
	value   string
	expires time.Time
}

// Cache expires entries in the background.
type Cache struct {
	mu      sync.Mutex
	entries map[string]entry
	ttl     time.Duration
	stop    chan struct{}
	closed  bool
}

// New returns a cache and starts its janitor.
func New(ttl time.Duration) *Cache {
	c := &Cache{entries: map[string]entry{}, ttl: ttl, stop: make(chan struct{})}
	go c.janitor(time.Minute)
	return c
}

func (c *Cache) janitor(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			c.mu.Lock()
			for k, e := range c.entries {
				if now.After(e.expires) {
					delete(c.entries, k)
				}
			}
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}

// Set stores a value for ttl.
func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[k] = entry{v, time.Now().Add(c.ttl)}
}

// Get returns a value that has not expired.
func (c *Cache) Get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	return e.value, ok && time.Now().Before(e.expires)
}

// Close releases the cache.
func (c *Cache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.entries = nil
}
