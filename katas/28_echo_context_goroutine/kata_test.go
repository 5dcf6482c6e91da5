package echocontextgoroutine

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"

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

// The audit store is slow: here it takes no entry until the client has its
// answer. The handler must answer anyway, and every view must still reach the
// store once the store is ready, with its own user, order and path.
func TestTheClientDoesNotWaitForTheAuditStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		audit := make(chan AuditEntry) // a busy store: no buffer, nobody receiving yet
		e := NewServer(audit)
		for i := range 8 {
			user := fmt.Sprintf("user-%d", i%3)
			id := fmt.Sprintf("%d", 2000+i)
			req := httptest.NewRequest(http.MethodGet, "/orders/"+id, nil)
			req.Header.Set("X-User", user)
			rec := httptest.NewRecorder()
			served := make(chan struct{})
			go func() {
				defer close(served)
				e.ServeHTTP(rec, req)
			}()
			synctest.Wait() // everything that can run without the store has run

			answered := false
			select {
			case <-served:
				answered = true
			default:
			}
			assert.True(t, answered,
				"request %d: the client waits for the audit store; the handler must answer without waiting for the entry to be taken", i)

			// Now the store is ready for one entry.
			var got AuditEntry
			audited := false
			select {
			case got = <-audit:
				audited = true
			default:
			}
			<-served // a handler blocked on the store is released by the receive above
			assert.True(t, audited,
				"request %d: a view was never audited; an entry dropped while the audit store is busy is lost", i)
			if audited {
				assert.Equal(t, AuditEntry{User: user, OrderID: id, Path: "/orders/" + id}, got,
					"request %d should be audited with its own user, order and path", i)
			}
			require.Equal(t, http.StatusOK, rec.Code, "request %d should succeed", i)
			if !answered || !audited {
				return
			}
		}
	})
}

func TestAnonymousViewsAreRejected(t *testing.T) {
	audit := make(chan AuditEntry, 1)
	e := NewServer(audit)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/orders/7", nil))
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "a request without a user should be rejected")
	assert.Empty(t, audit, "a rejected request should not be audited")
}
