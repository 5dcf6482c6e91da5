// Package doublelockmissingunlock tracks volume attachments like a kubelet volume manager.
package doublelockmissingunlock

import (
	"errors"
	"sync"
)

// ErrAttached is returned when a volume is attached twice.
var ErrAttached = errors.New("volume already attached")

// Manager records which volumes are attached to the node.
type Manager struct {
	mu       sync.Mutex
	attached map[string]string
}

// NewManager returns an empty manager.
func NewManager() *Manager {
	return &Manager{attached: make(map[string]string)}
}

// Attach records that volume id is attached at path.
func (m *Manager) Attach(id, path string) error {
	m.mu.Lock()
	if _, ok := m.attached[id]; ok {
		return ErrAttached
	}
	m.attached[id] = path
	m.mu.Unlock()
	return nil
}

// Detach forgets volume id.
func (m *Manager) Detach(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.attached, id)
}

// Attached reports whether id is attached.
func (m *Manager) Attached(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.attached[id]
	return ok
}
