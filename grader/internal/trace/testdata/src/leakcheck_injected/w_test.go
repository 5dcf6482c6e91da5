package leakcheckinjected

import "testing"

func TestTally(t *testing.T) {
	if Tally() > 1 {
		t.Fatal("more votes than voters")
	}
}
