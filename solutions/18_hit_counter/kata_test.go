package hitcounter

import (
	"fmt"
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

// page is a cheap http.ResponseWriter that keeps the body it is sent.
type page struct{ body []byte }

func (p *page) Header() http.Header         { return http.Header{} }
func (p *page) WriteHeader(int)             {}
func (p *page) Write(b []byte) (int, error) { p.body = append(p.body, b...); return len(b), nil }

var homePage = httptest.NewRequest(http.MethodGet, "/", nil)

// visitorNumber serves one request and returns the number the visitor is shown.
func visitorNumber(t *testing.T, h http.Handler) int64 {
	var p page
	h.ServeHTTP(&p, homePage)
	var n int64
	_, err := fmt.Sscanf(string(p.body), "Welcome to the bakery! You are visitor number %d.", &n)
	assert.NoError(t, err, "the page should greet the visitor with their number")
	return n
}

func TestOwnerChecksWhileServing(t *testing.T) {
	// Each round uses a fresh counter, so the race detector judges every
	// round on its own: two requests are served while the owner looks at the
	// total, and only the counter itself orders the three calls.
	for range 100 {
		h := &HitCounter{}
		var wg sync.WaitGroup
		var first, second int64
		wg.Go(func() { first = visitorNumber(t, h) })
		wg.Go(func() { second = visitorNumber(t, h) })
		total := h.Hits()
		wg.Wait()

		assert.True(t, total >= 0 && total <= 2, "the owner should see between zero and two hits, not %d", total)
		assert.ElementsMatch(t, []int64{1, 2}, []int64{first, second}, "the two visitors should be numbers 1 and 2")
		assert.Equal(t, int64(2), h.Hits(), "two visits should count two hits")
	}
}

func TestVisitorNumbersAreUnique(t *testing.T) {
	const (
		visitors = 8
		pages    = 500
	)

	// Two atomic steps in a row leave no data race behind, so the race
	// detector cannot see them: only the numbers handed out can. Several CPUs
	// and many visitors make a request lose its turn between two steps.
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}

	h := &HitCounter{}
	numbers := make([][]int64, visitors)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for v := range visitors {
		wg.Go(func() {
			<-start
			for range pages {
				numbers[v] = append(numbers[v], visitorNumber(t, h))
			}
		})
	}
	close(start)
	wg.Wait()

	seen := make(map[int64]bool, visitors*pages)
	dup := 0
	for _, ns := range numbers {
		for _, n := range ns {
			if seen[n] {
				dup++
			}
			seen[n] = true
		}
	}
	assert.Zero(t, dup, "two visitors were shown the same number: the visit was counted and the number "+
		"read back in two separate steps; show the value that the increment itself returns")
	assert.Equal(t, int64(visitors*pages), h.Hits(), "every page view should be counted exactly once")
}
