package hangspin

import "testing"

func TestWait(t *testing.T) {
	var ready bool
	Wait(&ready)
}
