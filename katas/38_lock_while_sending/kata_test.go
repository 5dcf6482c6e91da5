package lockwhilesending

import (
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// startWorkers starts n workers that complete every job they are given.
func startWorkers(d *Dispatcher, n int, wg *sync.WaitGroup) {
	for range n {
		wg.Go(func() {
			for j := range d.Jobs() {
				d.Complete(j.ID)
			}
		})
	}
}

// Blocking on a sync.Mutex is not durable for testing/synctest, so these
// tests do not run in a bubble. Instead, settle waits until every goroutine
// of this package (apart from the caller) is parked: blocked on a channel, a
// mutex, a WaitGroup... or gone. Then nothing moves until the test acts, and
// the test can check which calls have returned.

// stacks returns the stack of every goroutine, the caller's first; buf is
// reused (and grown) from one call to the next.
func stacks(buf *[]byte) []string {
	for {
		n := runtime.Stack(*buf, true)
		if n < len(*buf) {
			return strings.Split(string((*buf)[:n]), "\n\n")
		}
		*buf = make([]byte, 2*len(*buf))
	}
}

// parkedStates are the goroutine states of a goroutine that waits for
// another one; any other state (running, runnable, preempted, GC...) passes.
var parkedStates = []string{
	"chan send", "chan receive", "select", "sync.Mutex.Lock", "sync.RWMutex.Lock",
	"sync.RWMutex.RLock", "sync.Cond.Wait", "sync.WaitGroup.Wait",
}

// settle returns once every other goroutine of this package is parked.
func settle() {
	buf := make([]byte, 1<<16)
	for {
		busy := false
		for _, g := range stacks(&buf)[1:] {
			if !strings.Contains(g, "/38_lock_while_sending.") {
				continue
			}
			header, _, _ := strings.Cut(g, "\n")
			state := header[strings.Index(header, "[")+1:]
			parked := false
			for _, p := range parkedStates {
				if strings.HasPrefix(state, p+"]") || strings.HasPrefix(state, p+",") ||
					strings.HasPrefix(state, p+" (") {
					parked = true
				}
			}
			if !parked {
				busy = true
				break
			}
		}
		if !busy {
			return
		}
		runtime.Gosched()
	}
}

func returned(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func runFlush(d *Dispatcher, done chan<- struct{}) {
	defer close(done)
	d.Flush()
}

// take plays a worker: it takes the job that Flush is handing out. It fails
// if no job is on offer once everything has settled.
func take(t *testing.T, d *Dispatcher, what string) (Job, bool) {
	t.Helper()
	for range 3 { // a dropped job stays dropped; look more than once
		settle()
		select {
		case j := <-d.Jobs():
			return j, true
		default:
		}
	}
	assert.Fail(t, "no job is handed out",
		"%s: Flush is running and jobs are queued, but no job is on offer: a job was dropped instead of handed to a worker", what)
	return Job{}, false
}

// drain takes every job that is still on offer.
func drain(d *Dispatcher) {
	for {
		settle()
		select {
		case <-d.Jobs():
		default:
			return
		}
	}
}

// closeWhenIdle closes the dispatcher once nothing is on offer any more. After a correct Flush
// nothing is; a Flush that returned early (TestFlushReturnsOnceEveryJobIsTaken says so) may
// still be sending, and closing the channel under those sends would crash the test run
// instead of explaining it. The test takes what is still on offer itself (the workers then
// miss those jobs, which the assertions report), and Done takes the mutex that every Complete
// released: both order every send before the close.
func closeWhenIdle(d *Dispatcher) {
	drain(d)
	d.Done()
	d.Close()
}

func jobs(ids ...int) []Job {
	js := make([]Job, len(ids))
	for i, id := range ids {
		js[i] = Job{ID: id, Name: "render"}
	}
	return js
}

func upTo(n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i + 1
	}
	return ids
}

func TestNothingToFlush(t *testing.T) {
	d := NewDispatcher()
	d.Flush()
	d.Close()
	assert.Zero(t, d.InFlight(), "an empty queue hands out nothing")
	assert.Empty(t, d.Done(), "nothing was completed")
}

// TestFlushReturnsOnceEveryJobIsTaken plays the worker itself: Flush must
// hand each job over, in order, and return only once the last is taken.
func TestFlushReturnsOnceEveryJobIsTaken(t *testing.T) {
	d := NewDispatcher()
	d.Enqueue(jobs(upTo(5)...)...)
	done := make(chan struct{})
	go runFlush(d, done)

	for id := 1; id <= 5; id++ {
		settle()
		if returned(done) {
			assert.Fail(t, "Flush returned too early",
				"Flush returned before job %d was taken by a worker: it must hand every job over itself and return once each has been taken", id)
			drain(d)
			return
		}
		j, ok := take(t, d, "flushing five jobs")
		if !ok {
			break
		}
		assert.Equal(t, id, j.ID, "jobs are handed out in queue order")
	}
	<-done
}

// TestWorkerCanCompleteDuringFlush has a worker finish its first job while
// Flush still has many more to hand out: Complete must not wait for Flush.
func TestWorkerCanCompleteDuringFlush(t *testing.T) {
	d := NewDispatcher()
	d.Enqueue(jobs(upTo(1000)...)...)
	done := make(chan struct{})
	go runFlush(d, done)

	j, ok := take(t, d, "flushing a thousand jobs")
	require.True(t, ok)
	completed := make(chan struct{})
	go func() {
		defer close(completed)
		d.Complete(j.ID)
	}()
	settle()
	if !assert.True(t, returned(completed),
		"a worker's Complete is blocked while Flush waits for a worker to take the next job: Flush must not hold the mutex while it sends (a buffer only moves the limit)") {
		// This worker cannot take another job before Complete returns,
		// and Flush waits for it: the dispatcher is stuck, as in production.
		<-completed
	}

	for range 999 { // the worker takes the rest
		<-d.Jobs()
	}
	<-done
}

// TestJobEnqueuedDuringFlush has a worker enqueue a follow-up job while
// Flush is handing out the batch: the follow-up must be handed out too, by
// this flush or the next one.
func TestJobEnqueuedDuringFlush(t *testing.T) {
	d := NewDispatcher()
	d.Enqueue(jobs(1, 2, 3)...)
	var got []int
	for flush := range 2 {
		done := make(chan struct{})
		go runFlush(d, done)
		for {
			settle()
			if returned(done) {
				break
			}
			j, ok := take(t, d, "flushing with a follow-up job")
			if !ok {
				break
			}
			got = append(got, j.ID)
			if j.ID == 1 && flush == 0 {
				d.Enqueue(jobs(100)...) // the worker queues a follow-up
			}
		}
		<-done
	}
	drain(d) // jobs a Flush that returned early left on offer
	assert.Equal(t, []int{1, 2, 3, 100}, got,
		"a job enqueued while Flush was sending is lost: Flush must clear only the jobs it has taken")
}

func TestOneWorkerTakesJobsInOrder(t *testing.T) {
	d := NewDispatcher()
	var workers sync.WaitGroup
	startWorkers(d, 1, &workers)

	d.Enqueue(Job{ID: 1, Name: "resize"}, Job{ID: 2, Name: "encode"}, Job{ID: 3, Name: "upload"})
	d.Flush()
	closeWhenIdle(d)
	workers.Wait()

	assert.Equal(t, []int{1, 2, 3}, d.Done(), "a single worker completes the jobs in queue order; a job was dropped if one is missing")
	assert.Zero(t, d.InFlight(), "no job is left in flight")
}

func TestSeveralWorkersAndFlushes(t *testing.T) {
	d := NewDispatcher()
	var workers sync.WaitGroup
	startWorkers(d, 3, &workers)

	want := make([]int, 0, 30)
	for batch := range 3 {
		for i := range 10 {
			id := batch*10 + i
			d.Enqueue(Job{ID: id, Name: "thumbnail"})
			want = append(want, id)
		}
		d.Flush()
	}
	closeWhenIdle(d)
	workers.Wait()

	assert.ElementsMatch(t, want, d.Done(), "every job is completed exactly once")
	assert.Zero(t, d.InFlight(), "no job is left in flight")
}
