package sendclosedchan

import (
	"testing"

	"go.uber.org/goleak"
)

func TestStopFlushesPartialBatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := NewBatcher(2)
	for _, it := range []string{"put a", "put b", "put c"} {
		b.Add(it)
	}
	b.Stop()
	n := 0
	for batch := range b.Out {
		n += len(batch)
	}
	if n != 3 {
		t.Fatalf("got %d items, want 3", n)
	}
}
