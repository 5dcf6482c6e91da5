// Kata 36: a missed wake-up.
//
// A print shop's server keeps a queue of print jobs. A few printer workers
// take jobs from it; an idle worker sleeps on a sync.Cond until there is
// work. At closing time the queue is closed and every worker must finish
// its loop and go home. This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package condmissedwakeup

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Push once the queue is closed.
var ErrClosed = errors.New("queue is closed")

// Job is a document to print.
type Job struct {
	ID    int
	Pages int
}

// Queue is a first-in, first-out queue of print jobs.
type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []Job
	closed bool
}

// NewQueue returns an empty, open queue.
func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Push adds a job at the end of the queue.
func (q *Queue) Push(j Job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.jobs = append(q.jobs, j)
	q.cond.Signal()
	return nil
}

// Pop takes the job at the front of the queue, waiting while the queue is
// empty. It returns false once the queue is closed and empty.
func (q *Queue) Pop() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return Job{}, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j, true
}

// Close stops the queue: no more jobs are accepted, the jobs already queued
// are still handed out, and then Pop returns false.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	// Closing changes the condition for every waiter, not just one:
	// Broadcast wakes all idle workers so that each of them sees the
	// closed queue and returns.
	q.cond.Broadcast()
}
