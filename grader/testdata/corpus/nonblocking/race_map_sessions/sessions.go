// Package racemapsessions keeps the last-seen time of client sessions.
package racemapsessions

import "time"

// Store maps session IDs to the time they were last seen.
type Store struct {
	seen map[string]time.Time
	now  func() time.Time
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{seen: map[string]time.Time{}, now: time.Now} }

// Touch records activity for id.
func (s *Store) Touch(id string) { s.seen[id] = s.now() }

// Active reports whether id was seen within ttl.
func (s *Store) Active(id string, ttl time.Duration) bool {
	t, ok := s.seen[id]
	return ok && s.now().Sub(t) < ttl
}
