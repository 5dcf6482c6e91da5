package condifnotfor

import (
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// mailroom is a team of workers that send the jobs of a queue until it is
// closed. It records the jobs sent and the workers that went home.
type mailroom struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	sent []Job
	home int
}

func startWorkers(q *Queue, n int) *mailroom {
	m := &mailroom{}
	for range n {
		m.wg.Go(func() {
			for {
				j, ok := q.Take()
				m.mu.Lock()
				if !ok {
					m.home++
					m.mu.Unlock()
					return
				}
				m.sent = append(m.sent, j)
				m.mu.Unlock()
			}
		})
	}
	return m
}

// counts returns the number of jobs sent and of workers gone home.
func (m *mailroom) counts() (sent, home int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent), m.home
}

func job(n int) Job { return Job{Order: n, Email: fmt.Sprintf("customer%d@example.com", n)} }

func TestFirstInFirstOut(t *testing.T) {
	q := NewQueue(3)
	for n := 1; n <= 3; n++ {
		require.NoError(t, q.Put(job(n)), "an open queue with room accepts a job")
	}
	assert.Equal(t, 3, q.Len(), "three jobs are queued")
	q.Close()
	assert.ErrorIs(t, q.Put(job(4)), ErrClosed, "a closed queue refuses new jobs")
	for n := 1; n <= 3; n++ {
		j, ok := q.Take()
		require.True(t, ok, "the jobs queued before Close are still handed out")
		assert.Equal(t, job(n), j, "jobs come out in the order they went in")
	}
	_, ok := q.Take()
	assert.False(t, ok, "a closed, empty queue has nothing more")
}

// Four workers are idle when the jobs come in, one at a time. Each job is
// news for every idle worker (Put broadcasts), but only one of them gets it.
func TestIdleWorkersShareTheJobs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers = 4
		q := NewQueue(workers)
		m := startWorkers(q, workers)
		synctest.Wait() // every worker is idle in Take
		start := time.Now()

		for n := 1; n <= workers; n++ {
			require.NoError(t, q.Put(job(n)), "an open queue with room accepts a job")
			synctest.Wait() // the woken workers are done with their wake-up
			sent, home := m.counts()
			assert.Equal(t, n, sent,
				"job %d came in while %d workers were idle: exactly one of them sends it at once", n, workers)
			assert.Zero(t, home,
				"a worker woken for a job that another worker took first must wait again, not go home: the queue is not closed")
		}
		assert.Zero(t, time.Since(start), "the jobs are sent at once, without waiting for a timer")

		q.Close()
		synctest.Wait()
		_, home := m.counts()
		assert.Equal(t, workers, home, "Close sends every idle worker home")
		m.wg.Wait()
		assert.ElementsMatch(t, []Job{job(1), job(2), job(3), job(4)}, m.sent, "every job is sent exactly once")
	})
}

// Close is news for every idle worker, however many there are.
func TestCloseSendsEveryIdleWorkerHome(t *testing.T) {
	for _, n := range []int{1, 3, 10} {
		t.Run(fmt.Sprintf("%d workers", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := NewQueue(2)
				m := startWorkers(q, n)
				synctest.Wait()
				q.Close()
				synctest.Wait()
				_, home := m.counts()
				assert.Equal(t, n, home, "only %d of %d idle workers went home: Close must wake every waiting worker", home, n)
				m.wg.Wait()
			})
		})
	}
}

// The queue is full and three checkouts wait to put a job. Each job taken
// makes room for one of them only.
func TestCheckoutsWaitForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const size = 2
		q := NewQueue(size)
		for n := 1; n <= size; n++ {
			require.NoError(t, q.Put(job(n)), "an open queue with room accepts a job")
		}
		var checkouts sync.WaitGroup
		for n := 3; n <= 5; n++ {
			checkouts.Go(func() {
				assert.NoError(t, q.Put(job(n)), "a waiting checkout puts its job once there is room")
			})
		}
		synctest.Wait() // the three checkouts wait: the queue is full
		assert.Equal(t, size, q.Len(), "a full queue takes no more jobs")

		var taken []Job
		for range 5 {
			j, ok := q.Take()
			require.True(t, ok, "the queue is open and holds jobs")
			taken = append(taken, j)
			synctest.Wait() // the woken checkouts are done with their wake-up
			assert.LessOrEqual(t, q.Len(), size,
				"the queue holds %d jobs, more than its size %d: a checkout woken when another one already filled the free slot must wait again", q.Len(), size)
		}
		checkouts.Wait()
		assert.Zero(t, q.Len(), "every job was taken")
		assert.Equal(t, []Job{job(1), job(2)}, taken[:2], "the jobs queued first come out first")
		assert.ElementsMatch(t, []Job{job(1), job(2), job(3), job(4), job(5)}, taken, "every job is taken exactly once")
	})
}

// A busy evening: two checkouts and three workers share a small queue.
func TestABusyEvening(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue(2)
		m := startWorkers(q, 3)
		var checkouts sync.WaitGroup
		for c := range 2 {
			checkouts.Go(func() {
				for n := range 50 {
					assert.NoError(t, q.Put(job(100*c+n)), "the queue is open")
				}
			})
		}
		checkouts.Wait()
		q.Close()
		m.wg.Wait()

		sent, home := m.counts()
		assert.Equal(t, 100, sent, "every job is sent once")
		assert.Equal(t, 3, home, "every worker went home")
		seen := map[int]bool{}
		for _, j := range m.sent {
			assert.False(t, seen[j.Order], "order %d is sent twice", j.Order)
			seen[j.Order] = true
		}
	})
}
