package noracemapfatal

import (
	"sync"
	"testing"
)

// Built without the race detector (the name says so): the runtime's own check stops the
// program with "fatal error: concurrent map writes", as it also can under -race when it fires
// before the race detector has reported.
func TestDispatcher(t *testing.T) {
	d := &Dispatcher{inFlight: map[int]string{}}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 1_000_000 {
				d.Start(i*4+w, "job")
				d.Complete(i*4 + w)
			}
		})
	}
	wg.Wait()
}
