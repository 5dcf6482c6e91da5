package wgcopied

import "testing"

func TestSum(t *testing.T) {
	got := Sum([][]int{{1, 2, 3}, {4, 5}, {6}})
	if got != 21 {
		t.Fatalf("Sum = %d, want 21", got)
	}
}
