// Package rareconfigflagbeforevalue loads a service's configuration on first use, with a
// lock-free fast path once it is loaded.
package rareconfigflagbeforevalue

import (
	"sync"
	"sync/atomic"
)

// Config is the service's configuration.
type Config struct {
	Endpoint string
	Retries  int
}

// Loader loads the configuration once.
type Loader struct {
	mu     sync.Mutex
	loaded atomic.Bool
	cfg    atomic.Pointer[Config]
	load   func() Config
}

// NewLoader returns a loader that calls load on first use.
func NewLoader(load func() Config) *Loader { return &Loader{load: load} }

// Get returns the configuration, loading it on the first call.
func (l *Loader) Get() *Config {
	if l.loaded.Load() {
		return l.cfg.Load()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded.Load() {
		cfg := l.load()
		l.loaded.Store(true)
		l.cfg.Store(&cfg)
	}
	return l.cfg.Load()
}

// Endpoint is the configured endpoint.
func (l *Loader) Endpoint() string { return l.Get().Endpoint }
