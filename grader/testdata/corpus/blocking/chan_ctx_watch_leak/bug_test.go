package chanctxwatchleak

import (
	"context"
	"testing"
	"testing/synctest"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestWatchFirstLeader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		feed := make(chan Event, 4)
		feed <- Event{"/leader", "node-a"}
		feed <- Event{"/config", "v2"}
		feed <- Event{"/leader", "node-b"}
		ctx, cancel := context.WithCancel(t.Context())
		w := Watch(ctx, feed, "/leader")
		if ev := <-w; ev.Value != "node-a" {
			t.Fatalf("first leader = %q", ev.Value)
		}
		synctest.Wait()
		cancel() // only the first leader was wanted
	})
}
