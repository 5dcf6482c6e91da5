// Kata 57: a condition checked once.
//
// Queue is the bounded queue between a web shop's checkout and the workers
// that send the order confirmation e-mails. Checkout waits while the queue
// is full; an idle worker waits while it is empty. This is the file to fix:
// make the tests in kata_test.go pass without changing them.
package condifnotfor

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Put once the queue is closed.
var ErrClosed = errors.New("queue is closed")

// Job is an order confirmation to send.
type Job struct {
	Order int
	Email string
}

// Queue is a first-in, first-out queue that holds at most size jobs.
type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond // the queue changed: a job went in or out, or it closed
	jobs   []Job
	size   int
	closed bool
}

// NewQueue returns an empty, open queue that holds at most size jobs.
func NewQueue(size int) *Queue {
	q := &Queue{size: max(size, 1)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Put adds j at the back of the queue, waiting while the queue is full. It
// returns ErrClosed once the queue is closed.
func (q *Queue) Put(j Job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	// Wait in a loop: a woken goroutine must check again, since another
	// one may have filled the queue first, or the wake-up was for a worker.
	for len(q.jobs) >= q.size && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return ErrClosed
	}
	q.jobs = append(q.jobs, j)
	q.cond.Broadcast() // a job is in: wake the idle workers
	return nil
}

// Take removes the job at the front of the queue, waiting while the queue
// is empty. It returns false once the queue is closed and empty.
func (q *Queue) Take() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	// Wait in a loop: a worker woken by a Broadcast may find that another
	// worker took the job first, or that the wake-up was for a checkout.
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed && len(q.jobs) == 0 {
		return Job{}, false // closed, and every job is sent
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	q.cond.Broadcast() // there is room: wake the waiting checkouts
	return j, true
}

// Len returns the number of jobs in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.jobs)
}

// Close closes the queue: Put refuses new jobs, and Take hands out the jobs
// still queued and then returns false. Close wakes every waiting goroutine.
func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}
