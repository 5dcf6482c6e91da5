package echocontextgoroutine

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestEveryViewIsAuditedWithItsOwnRequest(t *testing.T) {
	// A few rounds, each on a fresh server: a busy day has many bursts.
	for round := range 4 {
		t.Run(fmt.Sprintf("burst %d", round+1), auditBurst)
	}
}

func auditBurst(t *testing.T) {
	const requests = 50
	audit := make(chan AuditEntry, requests)
	e := NewServer(audit)

	want := map[AuditEntry]int{}
	for i := range requests {
		user := fmt.Sprintf("user-%d", i%5)
		id := fmt.Sprintf("%d", 1000+i)
		req := httptest.NewRequest(http.MethodGet, "/orders/"+id, nil)
		req.Header.Set("X-User", user)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, "request %d should succeed", i)
		assert.JSONEq(t, fmt.Sprintf(`{"id":%q,"status":"shipped"}`, id), rec.Body.String(),
			"request %d should get its own order", i)
		want[AuditEntry{User: user, OrderID: id, Path: "/orders/" + id}]++
	}

	// Drain the audit trail only now, while requests were served back to
	// back, the way a busy server serves them.
	got := map[AuditEntry]int{}
	for range requests {
		got[<-audit]++
	}
	assert.Equal(t, want, got, "every view should be audited once, with its own user, order and path")
}

func TestAnonymousViewsAreRejected(t *testing.T) {
	audit := make(chan AuditEntry, 1)
	e := NewServer(audit)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/orders/7", nil))
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "a request without a user should be rejected")
	assert.Empty(t, audit, "a rejected request should not be audited")
}
