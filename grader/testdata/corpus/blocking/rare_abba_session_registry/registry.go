// Package rareabbasessionregistry is the session registry of a chat server: the registry
// broadcasts to every session, and a session removes itself from the registry when it closes.
package rareabbasessionregistry

import "sync"

// Registry holds the open sessions.
type Registry struct {
	mu       sync.Mutex
	sessions map[string]*Session
}

// Session is one client's session.
type Session struct {
	id     string
	reg    *Registry
	mu     sync.Mutex
	inbox  []string
	closed bool
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{sessions: map[string]*Session{}} }

// Open registers a new session.
func (r *Registry) Open(id string) *Session {
	s := &Session{id: id, reg: r}
	r.mu.Lock()
	r.sessions[id] = s
	r.mu.Unlock()
	return s
}

// Broadcast delivers msg to every open session.
func (r *Registry) Broadcast(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.sessions {
		s.mu.Lock()
		if !s.closed {
			s.inbox = append(s.inbox, msg)
		}
		s.mu.Unlock()
	}
}

// Close closes the session and removes it from its registry.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.reg.mu.Lock()
	delete(s.reg.sessions, s.id)
	s.reg.mu.Unlock()
}

// Inbox returns the messages delivered so far.
func (s *Session) Inbox() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.inbox...)
}
