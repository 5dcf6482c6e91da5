package interfacemethod

import "testing"

func TestCachedPrices(t *testing.T) {
	s := NewCached(map[string]int{"tea": 3, "cake": 5})
	s.Get("tea")
	if got := s.Get("cake"); got != 5 {
		t.Errorf("Get(cake) = %d, want 5", got)
	}
}
