// Package sessionsmutex keeps the last-seen time of client sessions behind an RWMutex.
package sessionsmutex

import (
	"sync"
	"time"
)

// Store maps session IDs to the time they were last seen.
type Store struct {
	mu   sync.RWMutex
	seen map[string]time.Time
	now  func() time.Time
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{seen: map[string]time.Time{}, now: time.Now} }

// Touch records activity for id.
func (s *Store) Touch(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[id] = s.now()
}

// Active reports whether id was seen within ttl.
func (s *Store) Active(id string, ttl time.Duration) bool {
	s.mu.RLock()
	t, ok := s.seen[id]
	s.mu.RUnlock()
	return ok && s.now().Sub(t) < ttl
}
