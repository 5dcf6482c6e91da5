// Kata 38: holding a lock while sending.
//
// A job dispatcher collects jobs in a queue and, on Flush, hands them to
// the workers over a channel. It also keeps track of the jobs in flight:
// a worker reports each finished job with Complete. This is the file to
// fix: make the tests in kata_test.go pass without changing them.
package lockwhilesending

import (
	"slices"
	"sync"
)

// Job is a unit of work.
type Job struct {
	ID   int
	Name string
}

// Dispatcher hands queued jobs to workers and tracks the jobs in flight.
type Dispatcher struct {
	mu       sync.Mutex
	queue    []Job
	inFlight map[int]Job
	done     []int
	jobs     chan Job
}

// NewDispatcher returns a dispatcher with an empty queue.
func NewDispatcher() *Dispatcher {
	return &Dispatcher{
		inFlight: make(map[int]Job),
		jobs:     make(chan Job),
	}
}

// Jobs is the channel the workers take their jobs from. It is closed by
// Close.
func (d *Dispatcher) Jobs() <-chan Job { return d.jobs }

// Enqueue adds jobs to the queue. They wait there until the next Flush.
func (d *Dispatcher) Enqueue(jobs ...Job) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.queue = append(d.queue, jobs...)
}

// Flush hands every queued job to the workers, in order, and returns once
// each one has been taken by a worker.
func (d *Dispatcher) Flush() {
	// Take the batch and record it under the lock, then send without the
	// lock: a worker needs d.mu (in Complete) before it takes its next job,
	// so a send made while holding d.mu can wait forever.
	d.mu.Lock()
	batch := d.queue
	d.queue = nil
	for _, j := range batch {
		d.inFlight[j.ID] = j
	}
	d.mu.Unlock()

	for _, j := range batch {
		d.jobs <- j
	}
}

// Complete records that a worker has finished the job with the given ID.
func (d *Dispatcher) Complete(id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.inFlight, id)
	d.done = append(d.done, id)
}

// InFlight returns the number of jobs handed out and not completed yet.
func (d *Dispatcher) InFlight() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.inFlight)
}

// Done returns the IDs of the completed jobs, in completion order.
func (d *Dispatcher) Done() []int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.done)
}

// Close tells the workers that no more jobs will come.
func (d *Dispatcher) Close() { close(d.jobs) }
