// Package rarepoolcheckthentake is a connection pool that reuses an idle connection
// before it dials a new one.
package rarepoolcheckthentake

import "sync"

// Conn is a pooled connection.
type Conn struct{ ID int }

// Pool keeps idle connections.
type Pool struct {
	mu    sync.Mutex
	idle  []*Conn
	dials int
}

func (p *Pool) idleCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

func (p *Pool) dial() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dials++
	return &Conn{ID: p.dials}
}

// Get returns an idle connection, or a new one if none is idle.
func (p *Pool) Get() *Conn {
	if n := p.idleCount(); n > 0 {
		p.mu.Lock()
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c
	}
	return p.dial()
}

// Put returns a connection to the pool.
func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// Dials is how many connections were dialled.
func (p *Pool) Dials() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dials
}
