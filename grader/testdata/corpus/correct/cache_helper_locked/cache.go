// Package cachehelperlocked is the fixed image-metadata cache: the miss path stores through a
// helper that expects the lock to be held.
package cachehelperlocked

import "sync"

// Loader fetches a value that is not cached yet.
type Loader func(key string) (string, error)

// Cache memoises a Loader.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
	load  Loader
}

// New returns an empty cache backed by load.
func New(load Loader) *Cache {
	return &Cache{items: make(map[string]string), load: load}
}

// Get returns the cached value for key, loading and storing it on a miss.
func (c *Cache) Get(key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.items[key]; ok {
		return v, nil
	}
	v, err := c.load(key)
	if err != nil {
		return "", err
	}
	c.setLocked(key, v)
	return v, nil
}

// Set stores a value.
func (c *Cache) Set(key, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(key, v)
}

// setLocked stores a value; c.mu must be held.
func (c *Cache) setLocked(key, v string) { c.items[key] = v }
