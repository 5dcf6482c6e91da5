// Package rarecachewarmlocked is the fixed warm-up cache: Warm sets the flag under the
// cond's lock, so no waiter can check it and then miss the Broadcast.
package rarecachewarmlocked

import (
	"sync"
	"sync/atomic"
)

// Cache is filled once by Warm; Get waits until then.
type Cache struct {
	mu   sync.Mutex
	cond *sync.Cond
	warm atomic.Bool
	data map[string]string
}

// New returns a cold cache.
func New() *Cache {
	c := &Cache{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Warm fills the cache and wakes the handlers waiting for it.
func (c *Cache) Warm(rows map[string]string) {
	c.mu.Lock()
	c.data = rows
	c.warm.Store(true) // under the lock: between a waiter's check and its Wait, this cannot happen
	c.mu.Unlock()
	c.cond.Broadcast()
}

// Get waits until the cache is warm and returns the value of key.
func (c *Cache) Get(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.warm.Load() {
		c.cond.Wait()
	}
	return c.data[key]
}
