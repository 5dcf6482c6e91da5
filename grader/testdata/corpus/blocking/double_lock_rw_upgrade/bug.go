// Package doublelockrwupgrade is a lazily filled DNS-like resolver cache.
package doublelockrwupgrade

import "sync"

// Resolver caches lookups.
type Resolver struct {
	mu      sync.RWMutex
	entries map[string][]string
	lookup  func(host string) []string
}

// NewResolver returns a resolver that asks lookup on a miss.
func NewResolver(lookup func(string) []string) *Resolver {
	return &Resolver{entries: map[string][]string{}, lookup: lookup}
}

// Resolve returns the addresses of host.
func (r *Resolver) Resolve(host string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if addrs, ok := r.entries[host]; ok {
		return addrs
	}
	// Upgrade to a write lock to fill the entry.
	r.mu.Lock()
	addrs := r.lookup(host)
	r.entries[host] = addrs
	r.mu.Unlock()
	return addrs
}
