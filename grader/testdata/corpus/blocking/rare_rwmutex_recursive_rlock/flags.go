// Package rarerwmutexrecursiverlock is a feature-flag store read by request handlers and
// updated by a configuration watcher.
package rarerwmutexrecursiverlock

import "sync"

// Flags maps flag names to their state and rollout percentage.
type Flags struct {
	mu      sync.RWMutex
	on      map[string]bool
	rollout map[string]int
}

// New returns a store with the given flags on for everyone.
func New(on ...string) *Flags {
	f := &Flags{on: map[string]bool{}, rollout: map[string]int{}}
	for _, name := range on {
		f.on[name] = true
		f.rollout[name] = 100
	}
	return f
}

// Enabled reports whether the flag is on.
func (f *Flags) Enabled(name string) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.on[name]
}

// EnabledFor reports whether the flag is on for a user in the given bucket (0-99).
func (f *Flags) EnabledFor(name string, bucket int) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if !f.Enabled(name) {
		return false
	}
	return bucket < f.rollout[name]
}

// Set turns a flag on for percent of the users, or off.
func (f *Flags) Set(name string, on bool, percent int) {
	f.mu.Lock()
	f.on[name] = on
	f.rollout[name] = percent
	f.mu.Unlock()
}
