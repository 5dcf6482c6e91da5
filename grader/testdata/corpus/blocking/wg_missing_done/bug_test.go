package wgmissingdone

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSyncTwice(t *testing.T) {
	s := &Syncer{upToDate: map[string]bool{}, Pull: func(string) error { return nil }}
	if errs := s.SyncAll([]string{"charts", "infra"}); len(errs) != 2 {
		t.Fatalf("first sync: %v", errs)
	}
	if errs := s.SyncAll([]string{"charts", "infra", "docs"}); len(errs) != 1 {
		t.Fatalf("second sync: %v", errs)
	}
}
