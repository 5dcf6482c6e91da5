// Kata 50: afterfunc expiry.
//
// Store keeps the login sessions of a web app in memory and forgets a
// session once it has gone unused for its time to live. The request handlers
// call it from many goroutines at once. This is the file to fix: make the
// tests in kata_test.go pass without changing them.
package afterfuncexpiry

import (
	"sync"
	"time"
)

// Store maps session ids to users. A session expires ttl after its login or
// its last Touch; onExpire is then told its id (the app writes the audit log
// and closes the user's websocket). onExpire must not call the Store.
type Store struct {
	ttl      time.Duration
	onExpire func(id string)

	mu       sync.RWMutex
	sessions map[string]*session
}

type session struct {
	user  string
	timer *time.Timer // expires the session ttl after its last use
}

// NewStore returns an empty store.
func NewStore(ttl time.Duration, onExpire func(id string)) *Store {
	return &Store{ttl: ttl, onExpire: onExpire, sessions: make(map[string]*session)}
}

// Login starts a session for user under id, replacing any session with that
// id (the user logged in again on another device).
func (s *Store) Login(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.sessions[id]; ok {
		old.timer.Stop()
	}
	sess := &session{user: user}
	sess.timer = time.AfterFunc(s.ttl, func() {
		delete(s.sessions, id)
		s.onExpire(id)
	})
	s.sessions[id] = sess
}

// User returns the user of session id, if the session has not expired.
func (s *Store) User(id string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sess, ok := s.sessions[id]
	if !ok {
		return "", false
	}
	return sess.user, true
}

// Touch refreshes session id on a request: it now expires ttl from now. It
// reports whether the session was still there.
func (s *Store) Touch(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if ok {
		sess.timer.Reset(s.ttl)
	}
	return ok
}

// Logout ends session id at once, without telling onExpire.
func (s *Store) Logout(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess, ok := s.sessions[id]; ok {
		sess.timer.Stop()
		delete(s.sessions, id)
	}
}

// Len returns the number of live sessions.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.sessions)
}

// Close ends every session when the server shuts down: onExpire is not
// called after Close returns. The store must not be used after Close.
func (s *Store) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.sessions {
		sess.timer.Stop()
		delete(s.sessions, id)
	}
}
