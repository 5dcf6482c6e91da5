// Package rarenotifydroppedwakeup is a job queue whose worker sleeps until a producer wakes
// it, with a send that does not wait when the worker is busy.
package rarenotifydroppedwakeup

import "sync"

// Queue holds jobs for one worker.
type Queue struct {
	mu   sync.Mutex
	jobs []string
	wake chan struct{}
}

// New returns an empty queue.
func New() *Queue { return &Queue{wake: make(chan struct{})} }

// Push queues a job and wakes the worker if it is asleep.
func (q *Queue) Push(job string) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default: // the worker is busy: it will see the job when it looks again
	}
}

// Next blocks until a job is queued and returns it.
func (q *Queue) Next() string {
	for {
		q.mu.Lock()
		if len(q.jobs) > 0 {
			job := q.jobs[0]
			q.jobs = q.jobs[1:]
			q.mu.Unlock()
			return job
		}
		q.mu.Unlock()
		<-q.wake
	}
}
