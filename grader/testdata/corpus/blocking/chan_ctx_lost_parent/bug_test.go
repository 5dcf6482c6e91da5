package chanctxlostparent

import (
	"context"
	"errors"
	"testing"
)

func TestRunStopsOnCancel(t *testing.T) {
	c := &Controller{Name: "endpoints", Queue: make(chan string)}
	m := &Manager{Controllers: []*Controller{c, {Name: "gc", Queue: make(chan string)}}}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- m.Run(ctx) }()
	c.Queue <- "default/kubernetes"
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
	if len(c.Done) != 1 {
		t.Fatalf("processed %v", c.Done)
	}
}
