package timerwait

import "testing"

func TestPoll(t *testing.T) {
	if got := Poll(make(chan string)); got != "timeout" {
		t.Errorf("Poll = %q", got)
	}
}
