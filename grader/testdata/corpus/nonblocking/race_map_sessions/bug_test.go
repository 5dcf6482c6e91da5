package racemapsessions

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestConcurrentRequests(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewStore()
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				id := fmt.Sprintf("client-%d-%d", c, i%5)
				s.Touch(id)
				if !s.Active(id, time.Minute) {
					t.Errorf("%s not active right after Touch", id)
				}
			}
		}()
	}
	wg.Wait()
}
