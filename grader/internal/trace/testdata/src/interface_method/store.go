package interfacemethod

// Store is what the service reads prices from.
type Store interface {
	Get(key string) int
}

// memStore is a map in memory; it is right.
type memStore struct{ m map[string]int }

func (s memStore) Get(key string) int { return s.m[key] }

// cachedStore keeps the last answer and forgets to look the key up again.
type cachedStore struct {
	inner Store
	last  int
	hit   bool
}

func (c *cachedStore) Get(key string) int {
	if c.hit {
		return c.last
	}
	c.last, c.hit = c.inner.Get(key), true
	return c.last
}

// NewCached wraps a store with a cache.
func NewCached(prices map[string]int) Store {
	return &cachedStore{inner: memStore{m: prices}}
}
