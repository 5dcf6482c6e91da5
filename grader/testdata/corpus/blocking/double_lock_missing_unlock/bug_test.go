package doublelockmissingunlock

import (
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestAttachTwiceThenDetach(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := NewManager()
	if err := m.Attach("pvc-1", "/var/lib/kubelet/pods/a"); err != nil {
		t.Fatal(err)
	}
	if err := m.Attach("pvc-1", "/var/lib/kubelet/pods/b"); !errors.Is(err, ErrAttached) {
		t.Fatalf("second attach: got %v, want ErrAttached", err)
	}
	m.Detach("pvc-1")
	if m.Attached("pvc-1") {
		t.Fatal("pvc-1 still attached after Detach")
	}
}
