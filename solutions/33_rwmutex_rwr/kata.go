// Kata 33: read, write, read.
//
// ConfigStore holds the feature flags of a running service. Request handlers
// read flags all the time; an admin endpoint overrides one now and then. A
// sync.RWMutex lets the many readers share the store. This is the file to
// fix: make the tests in kata_test.go pass without changing them.
package rwmutexrwr

import (
	"maps"
	"sync"
)

// ConfigStore maps flag names to values: an override if an admin set one,
// else the built-in default.
type ConfigStore struct {
	mu        sync.RWMutex
	defaults  map[string]string
	overrides map[string]string
}

// NewConfigStore returns a store with the given built-in defaults.
func NewConfigStore(defaults map[string]string) *ConfigStore {
	return &ConfigStore{
		defaults:  maps.Clone(defaults),
		overrides: make(map[string]string),
	}
}

// testHook is nil in production. The tests set it to pause a lookup
// halfway through, the way a busy scheduler would.
var testHook func()

// Get returns the value of a flag: its override if there is one, else its
// default ("" for an unknown flag).
func (s *ConfigStore) Get(key string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if testHook != nil {
		testHook()
	}
	if v, ok := s.overrides[key]; ok {
		return v
	}
	return s.defaultLocked(key)
}

// Default returns the built-in value of a flag, ignoring overrides.
func (s *ConfigStore) Default(key string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.defaultLocked(key)
}

// defaultLocked does the work of Default. The caller must hold s.mu (for
// reading or writing). It never locks: a second RLock by a goroutine that
// already holds a read lock blocks as soon as a writer is waiting, and the
// writer waits for that first read lock: a deadlock.
func (s *ConfigStore) defaultLocked(key string) string {
	return s.defaults[key]
}

// Set overrides a flag.
func (s *ConfigStore) Set(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.overrides[key] = value
}

// Reset removes the override of a flag, so that it has its default again.
func (s *ConfigStore) Reset(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.overrides, key)
}
