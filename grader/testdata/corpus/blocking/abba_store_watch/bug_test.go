package abbastorewatch

import (
	"strconv"
	"sync"
	"testing"
)

func TestPutWhileWatching(t *testing.T) {
	s := NewStore()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 20000 {
			s.Put("k"+strconv.Itoa(i%10), strconv.Itoa(i))
		}
	}()
	go func() {
		defer wg.Done()
		for range 20000 {
			s.Cancel(s.Watch())
		}
	}()
	wg.Wait()
	if got := s.Rev(); got != 20000 {
		t.Fatalf("rev = %d, want 20000", got)
	}
}
