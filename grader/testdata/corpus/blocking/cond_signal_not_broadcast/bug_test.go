package condsignalnotbroadcast

import (
	"sync"
	"testing"
	"testing/synctest"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestCloseStopsConsumers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue()
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for {
					if _, ok := q.Get(); !ok {
						return
					}
				}
			})
		}
		q.Put("sync-pod")
		synctest.Wait() // all consumers idle
		q.Close()
		wg.Wait()
	})
}
