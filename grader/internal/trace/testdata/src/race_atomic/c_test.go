package raceatomic

import "testing"

func TestCount(t *testing.T) {
	if got := Count(); got > 1 {
		t.Errorf("Count() = %d", got)
	}
}
