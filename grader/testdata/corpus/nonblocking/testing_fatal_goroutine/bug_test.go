package testingfatalgoroutine

import (
	"sync"
	"testing"
)

func TestConcurrentPuts(t *testing.T) {
	c := NewClient()
	keys := []string{"/registry/pods/a", "/registry/pods/b", "registry/pods/c"}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Put(k, "v"); err != nil {
				t.Fatalf("put %s: %v", k, err)
			}
		}()
	}
	wg.Wait()
	for _, k := range keys {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s missing", k)
		}
	}
}
