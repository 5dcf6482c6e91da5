package condmissedwakeup

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// startPrinters starts n workers that print jobs until the queue is closed.
func startPrinters(q *Queue, n int, wg *sync.WaitGroup, pages *atomic.Int64) {
	for range n {
		wg.Go(func() {
			for {
				j, ok := q.Pop()
				if !ok {
					return
				}
				pages.Add(int64(j.Pages))
			}
		})
	}
}

func TestQueueIsFirstInFirstOut(t *testing.T) {
	q := NewQueue()
	for id := 1; id <= 3; id++ {
		require.NoError(t, q.Push(Job{ID: id, Pages: id}), "an open queue accepts jobs")
	}
	q.Close()
	assert.ErrorIs(t, q.Push(Job{ID: 4}), ErrClosed, "a closed queue refuses new jobs")

	for id := 1; id <= 3; id++ {
		j, ok := q.Pop()
		require.True(t, ok, "jobs queued before Close are still handed out")
		assert.Equal(t, id, j.ID, "jobs come out in the order they went in")
	}
	_, ok := q.Pop()
	assert.False(t, ok, "a closed, empty queue has nothing more")
}

// closingTime starts n printers, waits with synctest.Wait until all of them
// are idle, closes the queue and checks that every printer went home.
func closingTime(t *testing.T, n int) {
	t.Helper()
	q := NewQueue()
	var printers sync.WaitGroup
	var pages, home atomic.Int64
	for range n {
		printers.Go(func() {
			defer home.Add(1)
			for {
				j, ok := q.Pop()
				if !ok {
					return
				}
				pages.Add(int64(j.Pages))
			}
		})
	}

	synctest.Wait() // every printer is idle in Pop
	q.Close()
	synctest.Wait() // every printer that was woken has gone home
	assert.Equal(t, int64(n), home.Load(),
		"only %d of %d idle printers went home after Close: Close must wake every waiting printer, however many there are", home.Load(), n)
	printers.Wait()
	synctest.Wait()
	if left := leftovers(); !assert.Empty(t, left,
		"every printer went home, but goroutines are still there: the queue leaves a goroutine behind") {
		return
	}

	assert.Zero(t, pages.Load(), "there was nothing to print")
}

// leftovers returns the stacks of the goroutines of the current bubble that
// are still there, apart from the test's own. Call it after synctest.Wait.
func leftovers() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var left []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		if !strings.Contains(header, "synctest bubble") ||
			strings.Contains(g, "testing/synctest.") || strings.Contains(g, "internal/synctest.") {
			continue
		}
		left = append(left, g)
	}
	return left
}

// TestClosingTimeWithIdlePrinters closes the queue while all the printers
// are idle, waiting for work. Every one of them must go home, whether the
// shop has three printers or forty.
func TestClosingTimeWithIdlePrinters(t *testing.T) {
	for _, n := range []int{1, 3, 4, 40} {
		t.Run(fmt.Sprintf("%d printers", n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { closingTime(t, n) })
		})
	}
}

// TestIdlePrinterStartsAtOnce pushes jobs while every printer is idle: one
// of them must take each job at once, without any time passing.
func TestIdlePrinterStartsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue()
		var printers sync.WaitGroup
		var pages atomic.Int64
		startPrinters(q, 3, &printers, &pages)
		synctest.Wait() // all three printers are idle in Pop
		start := time.Now()

		for id := 1; id <= 5; id++ {
			require.NoError(t, q.Push(Job{ID: id, Pages: 3}), "an open queue accepts jobs")
			synctest.Wait() // an idle printer has taken the job and is idle again
			assert.Equal(t, int64(3*id), pages.Load(),
				"job %d is not printed although printers are idle: an idle printer must start a new job at once, not at its next poll", id)
		}
		assert.Zero(t, time.Since(start), "the jobs are printed without waiting for a timer")
		q.Close()
		printers.Wait()
	})
}

func TestBusyDay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue()
		var printers sync.WaitGroup
		var pages atomic.Int64
		startPrinters(q, 3, &printers, &pages)

		for id := 1; id <= 20; id++ {
			require.NoError(t, q.Push(Job{ID: id, Pages: 2}), "an open queue accepts jobs")
		}
		synctest.Wait() // every job is printed and the printers are idle again
		q.Close()
		printers.Wait()

		assert.Equal(t, int64(40), pages.Load(), "every page of every job is printed")
	})
}
