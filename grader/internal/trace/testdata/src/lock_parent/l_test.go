package lockparent

import "testing"

func TestAudit(t *testing.T) {
	var l Ledger
	l.Add(10)
	if got := l.Audit(); got != 11 {
		t.Errorf("Audit() = %d, want 11", got)
	}
}
