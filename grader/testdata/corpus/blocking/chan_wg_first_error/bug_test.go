package chanwgfirsterror

import (
	"errors"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestValidateAllFailsFast(t *testing.T) {
	check := func(r string) error {
		if strings.HasPrefix(r, "bad-") {
			return errors.New("invalid " + r)
		}
		return nil
	}
	err := ValidateAll([]string{"deploy/web", "bad-svc", "cm/env", "bad-ingress"}, check)
	if err == nil || !strings.HasPrefix(err.Error(), "invalid bad-") {
		t.Fatalf("got %v", err)
	}
}
