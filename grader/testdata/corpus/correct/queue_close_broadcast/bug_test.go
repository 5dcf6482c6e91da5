package queueclosebroadcast

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

func TestCloseStopsConsumers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue()
		var wg sync.WaitGroup
		var got atomic.Int32
		for range 3 {
			wg.Go(func() {
				for {
					if _, ok := q.Get(); !ok {
						return
					}
					got.Add(1)
				}
			})
		}
		q.Put("sync-pod")
		q.Put("sync-node")
		synctest.Wait()
		q.Close()
		wg.Wait()
		if got.Load() != 2 {
			t.Fatalf("consumed %d tasks, want 2", got.Load())
		}
	})
}
