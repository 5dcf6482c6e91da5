package pullerrgroup

import (
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPullAllReportsFailure(t *testing.T) {
	errNotFound := errors.New("manifest unknown")
	pull := func(image string) error {
		if image == "registry.local/missing:1" {
			return errNotFound
		}
		return nil
	}
	images := []string{"nginx:1.27", "registry.local/missing:1", "busybox:1.36", "pause:3.10"}
	if err := PullAll(images, pull); !errors.Is(err, errNotFound) {
		t.Fatalf("got %v, want the missing image's error", err)
	}
	if err := PullAll(images[2:], pull); err != nil {
		t.Fatalf("got %v, want nil", err)
	}
}
