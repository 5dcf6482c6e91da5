// Package supervisorstoponce is the fixed supervisor: its stop channel is closed exactly once.
package supervisorstoponce

import "sync"

// Supervisor runs a task repeatedly until stopped.
type Supervisor struct {
	stop     chan struct{}
	stopOnce sync.Once
	runs     int
}

// NewSupervisor returns a supervisor.
func NewSupervisor() *Supervisor { return &Supervisor{stop: make(chan struct{})} }

// Run calls task until Stop is called or task fails; on failure it stops itself.
func (s *Supervisor) Run(task func(run int) error) error {
	for {
		select {
		case <-s.stop:
			return nil
		default:
		}
		s.runs++
		if err := task(s.runs); err != nil {
			s.Stop()
			return err
		}
	}
}

// Stop stops the supervisor; it may be called more than once.
func (s *Supervisor) Stop() { s.stopOnce.Do(func() { close(s.stop) }) }
