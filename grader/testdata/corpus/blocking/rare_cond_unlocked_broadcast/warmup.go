// Package rarecondunlockedbroadcast is a cache that request handlers may use only once
// it has been warmed up from the database.
package rarecondunlockedbroadcast

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
	c.mu.Unlock()
	c.warm.Store(true)
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
