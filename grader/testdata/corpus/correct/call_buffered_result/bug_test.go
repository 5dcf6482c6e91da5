package callbufferedresult

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
			<-release
			return "pong", nil
		},
		Timeout: 20 * time.Millisecond,
	}
	if _, err := c.Call("ping"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	close(release)
}

func TestCallAnswers(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &Client{Transport: func(req string) (string, error) { return "pong", nil }, Timeout: time.Minute}
	if resp, err := c.Call("ping"); err != nil || resp != "pong" {
		t.Fatalf("got %q, %v", resp, err)
	}
}
