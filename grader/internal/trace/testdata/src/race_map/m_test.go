package racemap

import (
	"sync"
	"testing"
)

func TestCounter(t *testing.T) {
	c := &Counter{v: map[string]int{}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { c.Inc("k") })
	}
	_ = c.Value("k")
	wg.Wait()
}
