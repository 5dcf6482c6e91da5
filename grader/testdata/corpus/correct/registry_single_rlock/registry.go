// Package registrysinglerlock is the fixed service registry: Endpoints takes the read lock once.
package registrysinglerlock

import (
	"slices"
	"sync"
)

// Registry maps service names to endpoints.
type Registry struct {
	mu       sync.RWMutex
	services map[string][]string
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{services: map[string][]string{}} }

// Register adds an endpoint.
func (r *Registry) Register(name, addr string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.services[name] = append(r.services[name], addr)
}

// Has reports whether name is known.
func (r *Registry) Has(name string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.hasLocked(name)
}

func (r *Registry) hasLocked(name string) bool {
	_, ok := r.services[name]
	return ok
}

// Endpoints returns a copy of the endpoints of name.
func (r *Registry) Endpoints(name string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if !r.hasLocked(name) {
		return nil
	}
	return slices.Clone(r.services[name])
}
