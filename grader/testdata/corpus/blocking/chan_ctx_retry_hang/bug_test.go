package chanctxretryhang

import (
	"context"
	"errors"
	"testing"
)

func TestStartStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	errc := Start(ctx, func() bool { return false }) // the component never becomes ready
	cancel()                                         // the operator gives up
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}
