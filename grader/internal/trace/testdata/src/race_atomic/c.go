package raceatomic

import (
	"sync"
	"sync/atomic"
)

// Hits counts page views: writers add atomically, the reader reads plainly.
type Hits struct{ n int32 }

func (h *Hits) Inc() { atomic.AddInt32(&h.n, 1) }

func (h *Hits) Value() int32 { return h.n }

// Count counts in two goroutines while reading.
func Count() int32 {
	var h Hits
	var wg sync.WaitGroup
	wg.Go(h.Inc)
	v := h.Value()
	wg.Wait()
	return v
}
