package closeclosedchan

import (
	"errors"
	"testing"
)

func TestRunStopsOnFailure(t *testing.T) {
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
