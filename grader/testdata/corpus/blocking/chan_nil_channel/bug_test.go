package channilchannel

import "testing"

func TestUnbufferedNotifier(t *testing.T) {
	n := NewNotifier(0)
	got := make(chan []Event)
	go func() {
		var evs []Event
		for e := range n.Events() {
			evs = append(evs, e)
		}
		got <- evs
	}()
	n.Notify(Event{"node-1", "Ready"})
	n.Notify(Event{"node-2", "MemoryPressure"})
	n.Close()
	if evs := <-got; len(evs) != 2 {
		t.Fatalf("got %d events, want 2", len(evs))
	}
}
