// Package rarelastoutaddresult is the fixed crawl: the goroutine whose decrement reaches
// zero, and only it, closes done.
package rarelastoutaddresult

import (
	"sync"
	"sync/atomic"
)

// Crawl is a crawl in progress.
type Crawl struct {
	pending atomic.Int32
	done    chan struct{}
	mu      sync.Mutex
	sizes   map[string]int
}

// Start fetches every url with fetch, each in its own goroutine.
func Start(urls []string, fetch func(url string) int) *Crawl {
	c := &Crawl{done: make(chan struct{}), sizes: map[string]int{}}
	c.pending.Store(int32(len(urls)))
	for _, u := range urls {
		go c.worker(u, fetch)
	}
	return c
}

func (c *Crawl) worker(url string, fetch func(string) int) {
	n := fetch(url)
	c.mu.Lock()
	c.sizes[url] = n
	c.mu.Unlock()
	if c.pending.Add(-1) == 0 {
		close(c.done) // the last one out
	}
}

// Wait waits for every page and returns their sizes.
func (c *Crawl) Wait() map[string]int {
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sizes
}
