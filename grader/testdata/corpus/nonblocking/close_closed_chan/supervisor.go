// Package closeclosedchan supervises a task loop that can be stopped by the caller or by a failure.
package closeclosedchan

// Supervisor runs a task repeatedly until stopped.
type Supervisor struct {
	stop chan struct{}
	runs int
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
			close(s.stop)
			return err
		}
	}
}

// Stop stops the supervisor.
func (s *Supervisor) Stop() { close(s.stop) }
