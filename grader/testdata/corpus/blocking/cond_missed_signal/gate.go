// Package condmissedsignal is a one-shot readiness gate built on sync.Cond.
package condmissedsignal

import "sync"

// Gate lets goroutines wait until it is opened.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

// NewGate returns a closed gate.
func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Open opens the gate and wakes all waiters.
func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// Wait blocks until the gate is opened.
func (g *Gate) Wait() {
	g.mu.Lock()
	g.cond.Wait()
	g.mu.Unlock()
}
