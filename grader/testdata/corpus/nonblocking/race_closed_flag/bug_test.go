package raceclosedflag

import (
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestCloseDuringWrites(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &Conn{}
	done := make(chan error)
	go func() {
		for {
			if _, err := c.Write([]byte("frame")); err != nil {
				done <- err
				return
			}
		}
	}()
	_ = c.Close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
}
