package closenilchan

import "testing"

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
