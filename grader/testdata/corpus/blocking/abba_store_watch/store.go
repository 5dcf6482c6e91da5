// Package abbastorewatch is a revisioned key-value store with a watcher hub, after etcd's mvcc.
package abbastorewatch

import "sync"

// Event is one change.
type Event struct {
	Key, Value string
	Rev        int64
}

// Store holds keys and notifies the hub of every change.
type Store struct {
	mu  sync.Mutex
	rev int64
	kv  map[string]string
	hub *Hub
}

// Hub fans events out to watchers.
type Hub struct {
	mu       sync.Mutex
	store    *Store
	watchers map[*Watcher]bool
}

// Watcher receives events after StartRev.
type Watcher struct {
	C        chan Event
	StartRev int64
}

// NewStore returns a store with its hub.
func NewStore() *Store {
	s := &Store{kv: map[string]string{}}
	s.hub = &Hub{store: s, watchers: map[*Watcher]bool{}}
	return s
}

// Put writes a key and notifies watchers.
func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev++
	s.kv[k] = v
	s.hub.notify(Event{Key: k, Value: v, Rev: s.rev})
}

// Rev is the current revision.
func (s *Store) Rev() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rev
}

func (h *Hub) notify(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.watchers {
		select {
		case w.C <- ev:
		default: // slow watcher: drop
		}
	}
}

// Watch registers a watcher starting at the current revision.
func (s *Store) Watch() *Watcher {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	w := &Watcher{C: make(chan Event, 8), StartRev: h.store.Rev()}
	h.watchers[w] = true
	return w
}

// Cancel removes a watcher.
func (s *Store) Cancel(w *Watcher) {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	delete(s.hub.watchers, w)
}
