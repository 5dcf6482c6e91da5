package lockwhilesending

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
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

func TestNothingToFlush(t *testing.T) {
	d := NewDispatcher()
	d.Flush()
	d.Close()
	assert.Zero(t, d.InFlight(), "an empty queue hands out nothing")
	assert.Empty(t, d.Done(), "nothing was completed")
}

func TestOneWorkerTakesJobsInOrder(t *testing.T) {
	d := NewDispatcher()
	var workers sync.WaitGroup
	startWorkers(d, 1, &workers)

	d.Enqueue(Job{ID: 1, Name: "resize"}, Job{ID: 2, Name: "encode"}, Job{ID: 3, Name: "upload"})
	d.Flush()
	d.Close()
	workers.Wait()

	assert.Equal(t, []int{1, 2, 3}, d.Done(), "a single worker completes the jobs in queue order")
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
	d.Close()
	workers.Wait()

	assert.ElementsMatch(t, want, d.Done(), "every job is completed exactly once")
	assert.Zero(t, d.InFlight(), "no job is left in flight")
}
