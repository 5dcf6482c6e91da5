package cachehelperlocked

import (
	"sync"
	"testing"
)

func TestGetHitAndMiss(t *testing.T) {
	var mu sync.Mutex
	loads := 0
	c := New(func(key string) (string, error) {
		mu.Lock()
		loads++
		mu.Unlock()
		return "sha256:" + key, nil
	})
	c.Set("alpine", "sha256:cached")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if v, _ := c.Get("alpine"); v != "sha256:cached" {
				t.Errorf("hit: got %q", v)
			}
			if v, err := c.Get("busybox"); err != nil || v != "sha256:busybox" {
				t.Errorf("miss: got %q, %v", v, err)
			}
		})
	}
	wg.Wait()
	if loads != 1 {
		t.Fatalf("loads = %d, want 1", loads)
	}
}
