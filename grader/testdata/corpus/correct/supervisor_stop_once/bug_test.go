package supervisorstoponce

import (
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestRunStopsOnFailure(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewSupervisor()
	defer s.Stop()
	err := s.Run(func(run int) error {
		if run == 3 {
			return errors.New("health check failed")
		}
		return nil
	})
	if err == nil {
		t.Fatal("Run returned nil after a failing task")
	}
}

func TestStopFromAnotherGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewSupervisor()
	errc := make(chan error)
	go func() { errc <- s.Run(func(int) error { return nil }) }()
	s.Stop()
	s.Stop()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}
