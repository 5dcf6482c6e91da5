package putserrorintest

import (
	"testing"

	"golang.org/x/sync/errgroup"
)

func TestConcurrentPuts(t *testing.T) {
	c := NewClient()
	keys := []string{"/registry/pods/a", "/registry/pods/b", "/registry/pods/c"}
	var g errgroup.Group
	for _, k := range keys {
		g.Go(func() error { return c.Put(k, "v") })
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err) // reported from the test goroutine
	}
	for _, k := range keys {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s missing", k)
		}
	}
	if err := c.Put("registry/pods/d", "v"); err == nil {
		t.Error("relative key accepted")
	}
}
