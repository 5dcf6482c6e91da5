package closuretimercallback

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRetryGivesUp(t *testing.T) {
	defer goleak.VerifyNone(t)
	attempts := 0
	err := Retry(func() error {
		attempts++
		return errors.New("etcdserver: leader changed")
	}, 20*time.Millisecond, time.Millisecond)
	if err == nil || attempts < 2 {
		t.Fatalf("err = %v after %d attempts", err, attempts)
	}
}
