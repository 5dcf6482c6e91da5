package registrysinglerlock

import (
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestReadWhileRegistering(t *testing.T) {
	defer goleak.VerifyNone(t)
	r := NewRegistry()
	r.Register("api", "10.0.0.1:443")
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 20000 {
			r.Register("worker", "10.0.1."+strconv.Itoa(i%250))
		}
	}()
	go func() {
		defer wg.Done()
		for range 20000 {
			if len(r.Endpoints("api")) != 1 {
				t.Error("api lost its endpoint")
				return
			}
		}
	}()
	wg.Wait()
}
