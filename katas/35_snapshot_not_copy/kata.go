// Kata 35: snapshot, not copy.
//
// Registry is the service registry of an API gateway: a background refresher
// registers instances and records their health checks, while request handlers
// read it. This is the file to fix: make the tests in kata_test.go pass
// without changing them.
package snapshotnotcopy

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Endpoint is one running instance of a service.
type Endpoint struct {
	Addr    string
	Healthy bool
}

// Service is a named service and its instances.
type Service struct {
	Name      string
	Endpoints []Endpoint
}

// Registry knows every service and the health of each of its instances.
type Registry struct {
	mu       sync.RWMutex
	services map[string]Service
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{services: make(map[string]Service)}
}

// Register adds an instance of a service; it is healthy until a check says
// otherwise.
func (r *Registry) Register(name, addr string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.services[name]
	s.Name = name
	s.Endpoints = append(s.Endpoints, Endpoint{Addr: addr, Healthy: true})
	r.services[name] = s
}

// SetHealth records the result of a health check of one instance.
func (r *Registry) SetHealth(name, addr string, healthy bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	eps := r.services[name].Endpoints
	for i := range eps {
		if eps[i].Addr == addr {
			eps[i].Healthy = healthy
		}
	}
}

// Deregister forgets a service and all its instances.
func (r *Registry) Deregister(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.services, name)
}

// All returns every service the registry knows, by name. Handlers may keep
// the result and read it while the refresher goes on changing the registry.
func (r *Registry) All() map[string]Service {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.services
}

// StatusPage writes one line per service, in name order, with the addresses
// of its healthy instances: "api: 2 of 3 up: 10.0.0.1:80 10.0.0.3:80".
func StatusPage(w io.Writer, r *Registry) error {
	services := r.All()
	for _, name := range slices.Sorted(maps.Keys(services)) {
		s := services[name]
		var up []string
		for _, e := range s.Endpoints {
			if e.Healthy {
				up = append(up, e.Addr)
			}
		}
		line := fmt.Sprintf("%s: %d of %d up: %s", name, len(up), len(s.Endpoints), strings.Join(up, " "))
		if _, err := fmt.Fprintln(w, strings.TrimSpace(line)); err != nil {
			return err
		}
	}
	return nil
}
