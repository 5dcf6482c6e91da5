package pooladdbeforego

import (
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDrainWaitsForAll(t *testing.T) {
	for round := range 30 {
		var p Pool
		for i := range 8 {
			name := fmt.Sprintf("layer-%d", i)
			p.Submit(name, []byte(name))
		}
		want := Digest([]byte("layer-0"))
		got := p.Drain()
		if len(got) != 8 {
			t.Fatalf("round %d: Drain returned %d digests, want 8", round, len(got))
		}
		if got["layer-0"] != want {
			t.Fatalf("round %d: layer-0: wrong digest", round)
		}
	}
}
