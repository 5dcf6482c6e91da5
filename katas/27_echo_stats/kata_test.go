package echostats

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func get(e http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// The dashboard polls /stats while a slow request is still being served.
func TestStatsWhileARequestIsInFlight(t *testing.T) {
	stats := NewStats()
	e := NewServer(stats)

	arrived := make(chan struct{})
	release := make(chan struct{})
	e.Pre(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().URL.Path == "/slow" {
				close(arrived)
			}
			return next(c)
		}
	})
	e.GET("/slow", func(c echo.Context) error {
		<-release
		return c.String(http.StatusOK, "done")
	})

	var wg sync.WaitGroup
	var slowCode int
	wg.Go(func() { slowCode = get(e, "/slow").Code })

	<-arrived // the slow request is now being served
	statsDone := make(chan *httptest.ResponseRecorder, 1)
	go func() { statsDone <- get(e, "/stats") }()
	var rec *httptest.ResponseRecorder
	select {
	case rec = <-statsDone:
	case <-time.After(time.Second): // a generous bound: /stats answers in microseconds
	}
	close(release)
	require.NotNil(t, rec,
		"/stats did not answer within a second while a slow request was in flight: the lock is held while the handler runs (count under the lock, then release it before calling next)")
	wg.Wait()

	require.Equal(t, http.StatusOK, rec.Code, "/stats should answer 200")
	var served map[string]int
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &served), "/stats should serve a JSON object")
	assert.Equal(t, 1, served["/stats"], "/stats should count itself before serving the counts")
	assert.Equal(t, http.StatusOK, slowCode, "the slow request should succeed")
	assert.Equal(t, map[string]int{"/slow": 1, "/stats": 1}, stats.Snapshot(),
		"both requests should be counted once")
}

func TestStatsUnderConcurrentTraffic(t *testing.T) {
	stats := NewStats()
	e := NewServer(stats)

	const clients = 4
	const perClient = 24

	var wg sync.WaitGroup
	codes := make([][]int, clients)
	for i := range clients {
		wg.Go(func() {
			for j := range perClient {
				var path string
				switch j % 3 {
				case 0:
					path = "/stats"
				case 1:
					path = fmt.Sprintf("/orders/%d", i*100+j)
				default:
					path = "/health"
				}
				codes[i] = append(codes[i], get(e, path).Code)
			}
		})
	}
	wg.Wait()

	for i, cs := range codes {
		for _, code := range cs {
			assert.Equal(t, http.StatusOK, code, "client %d: every request should succeed", i)
		}
	}

	want := map[string]int{
		"/stats":      clients * perClient / 3,
		"/orders/:id": clients * perClient / 3,
		"/health":     clients * perClient / 3,
	}
	assert.Equal(t, want, stats.Snapshot(), "every request should be counted once under its route pattern")

	rec := get(e, "/stats")
	require.Equal(t, http.StatusOK, rec.Code, "/stats should answer 200")
	var served map[string]int
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &served), "/stats should serve a JSON object")
	assert.Equal(t, want["/orders/:id"], served["/orders/:id"], "/stats should serve the order count")
	assert.Equal(t, want["/stats"]+1, served["/stats"], "/stats should count itself before serving the counts")
}

// The dashboard reads the counts (Snapshot, /stats) while requests are
// being counted: the copy must be made under the same lock as the writes,
// and nothing may read the live map after the lock is released.
func TestSnapshotWhileRequestsAreCounted(t *testing.T) {
	stats := NewStats()
	e := NewServer(stats)

	// runtime.Gosched after every step interleaves the three goroutines
	// even on one thread (it orders nothing).
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 100 {
			get(e, "/health")
			runtime.Gosched()
		}
	})
	wg.Go(func() {
		for range 50 {
			total := 0
			for _, n := range stats.Snapshot() {
				total += n
			}
			assert.GreaterOrEqual(t, total, 0, "a snapshot holds counts")
			runtime.Gosched()
		}
	})
	wg.Go(func() {
		for range 50 {
			get(e, "/stats")
			runtime.Gosched()
		}
	})
	wg.Wait()
	assert.Equal(t, map[string]int{"/health": 100, "/stats": 50}, stats.Snapshot(),
		"every request should be counted once under its route pattern")
}
