package goleakleak

import (
	"testing"

	"go.uber.org/goleak"
)

func TestFirst(t *testing.T) {
	defer goleak.VerifyNone(t)
	First(2)
}
