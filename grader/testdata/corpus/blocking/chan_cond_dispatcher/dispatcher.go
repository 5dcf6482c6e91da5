// Package chanconddispatcher queues work for a runner and announces it on a channel.
package chanconddispatcher

import "sync"

// Dispatcher hands submitted jobs to Run.
type Dispatcher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []string
	events  chan string
}

// New returns a dispatcher.
func New() *Dispatcher {
	d := &Dispatcher{events: make(chan string)}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// Submit queues a job, wakes the runner and announces the job.
func (d *Dispatcher) Submit(job string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = append(d.pending, job)
	d.cond.Signal()
	d.events <- "queued " + job
}

// Run takes n jobs off the queue and returns them with their announcements.
func (d *Dispatcher) Run(n int) (jobs, events []string) {
	for range n {
		d.mu.Lock()
		for len(d.pending) == 0 {
			d.cond.Wait()
		}
		jobs = append(jobs, d.pending[0])
		d.pending = d.pending[1:]
		d.mu.Unlock()
		events = append(events, <-d.events)
	}
	return jobs, events
}
