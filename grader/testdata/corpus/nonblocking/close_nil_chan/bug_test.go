package closenilchan

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestNotifyWakesWaiter(t *testing.T) {
	var s Signal
	s.Notify() // config loaded before anyone subscribed
	ch := s.Changed()
	s.Notify()
	select {
	case <-ch:
	default:
		t.Fatal("waiter not woken")
	}
}
