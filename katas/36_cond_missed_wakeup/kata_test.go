package condmissedwakeup

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

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

// TestClosingTimeWithIdlePrinters closes the queue while all three printers
// are idle, waiting for work. Every one of them must go home.
func TestClosingTimeWithIdlePrinters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue()
		var printers sync.WaitGroup
		var pages atomic.Int64
		startPrinters(q, 3, &printers, &pages)

		synctest.Wait() // all three printers are idle in Pop
		q.Close()
		printers.Wait()

		assert.Zero(t, pages.Load(), "there was nothing to print")
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
