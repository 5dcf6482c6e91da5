package hitcounter

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func visit(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Equal(t, http.StatusOK, rec.Code, "the home page should load")
	return rec.Body.String()
}

func TestVisitorNumbers(t *testing.T) {
	h := &HitCounter{}

	assert.Contains(t, visit(t, h), "visitor number 1.", "the first visitor should be number 1")
	assert.Contains(t, visit(t, h), "visitor number 2.", "the second visitor should be number 2")
	assert.Equal(t, int64(2), h.Hits(), "two visits should count two hits")
}

func TestConcurrentVisitors(t *testing.T) {
	const visitors, pages = 4, 25

	// The race detector works from the order of events, not from luck: one
	// CPU is enough for it, and keeps every run of this test the same.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	h := &HitCounter{}
	var wg sync.WaitGroup
	for range visitors {
		wg.Go(func() {
			for range pages {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			}
		})
	}
	wg.Wait()

	assert.Equal(t, int64(visitors*pages), h.Hits(), "every page view should be counted exactly once")
}
