package watchsendselect

import (
	"context"
	"testing"

	"go.uber.org/goleak"
)

func TestWatchFirstLeader(t *testing.T) {
	defer goleak.VerifyNone(t)
	feed := make(chan Event, 4)
	feed <- Event{"/leader", "node-a"}
	feed <- Event{"/config", "v2"}
	feed <- Event{"/leader", "node-b"}
	ctx, cancel := context.WithCancel(context.Background())
	w := Watch(ctx, feed, "/leader")
	if ev := <-w; ev.Value != "node-a" {
		t.Fatalf("first leader = %q", ev.Value)
	}
	cancel()
	for range w { // wait for the watcher to finish
	}
}
