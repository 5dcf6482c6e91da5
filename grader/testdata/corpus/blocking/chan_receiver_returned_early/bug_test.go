package chanreceiverreturnedearly

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestCallTimesOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	release := make(chan struct{})
	c := &Client{
		Transport: func(req string) (string, error) {
			<-release // a server that answers too late
			return "pong", nil
		},
		Timeout: 20 * time.Millisecond,
	}
	if _, err := c.Call("ping"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	close(release) // the late answer arrives after Call gave up
}
