package chanlockraftstop

import (
	"strconv"
	"testing"

	"go.uber.org/goleak"
)

func TestStopWhileProposing(t *testing.T) {
	defer goleak.VerifyNone(t)
	n := StartNode()
	started := make(chan struct{})
	proposer := make(chan int)
	go func() {
		i := 0
		for n.Propose("put k" + strconv.Itoa(i)) {
			if i++; i == 1 {
				close(started)
			}
		}
		proposer <- i
	}()
	<-started
	applied := n.Stop()
	if sent := <-proposer; len(applied) > sent {
		t.Fatalf("applied %d of %d proposals", len(applied), sent)
	}
}
