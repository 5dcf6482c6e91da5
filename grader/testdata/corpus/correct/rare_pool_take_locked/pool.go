// Package rarepooltakelocked is the fixed connection pool: Get looks for an idle
// connection and takes it in one critical section.
package rarepooltakelocked

import "sync"

// Conn is a pooled connection.
type Conn struct{ ID int }

// Pool keeps idle connections.
type Pool struct {
	mu    sync.Mutex
	idle  []*Conn
	dials int
}

func (p *Pool) dial() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dials++
	return &Conn{ID: p.dials}
}

// Get returns an idle connection, or a new one if none is idle.
func (p *Pool) Get() *Conn {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c
	}
	p.mu.Unlock()
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
