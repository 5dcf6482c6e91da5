package responsebodyleak

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// unreachable is a backend nobody listens on: connecting is refused at once.
const unreachable = "http://127.0.0.1:1/health"

// newBackends starts a test server with two healthy pages and one that is
// down for maintenance. The test closes it when it ends.
func newBackends(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"status":"all good","queue":0}`)
	})
	mux.HandleFunc("/maintenance", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance until 04:00", http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// openConns counts the HTTP client connections of this process that are
// still open: each has a goroutine in the transport's persistConn.readLoop.
// Closing a body that was not read to the end closes its connection, and
// readLoop ends a moment after Close returns, so it looks again, yielding in
// between, for as long as there are more than max.
func openConns(max int) int {
	buf := make([]byte, 1<<20)
	n := 0
	for range 100 {
		k := runtime.Stack(buf, true)
		for k == len(buf) {
			buf = make([]byte, 2*len(buf))
			k = runtime.Stack(buf, true)
		}
		n = bytes.Count(buf[:k], []byte("net/http.(*persistConn).readLoop("))
		if n <= max {
			return n
		}
		runtime.Gosched()
	}
	return n
}

// releaseCheck fails the test, once, when more client connections of this
// test are open between two rounds than the transport keeps alive for the
// next round (http.DefaultMaxIdleConnsPerHost, two, for one host): the probes
// of the last round did not release theirs. Connections that earlier tests
// left open are not counted. The failure shows goleak's report of the
// goroutines that hold the connections.
type releaseCheck struct {
	t        *testing.T
	before   int // connections already open when the test started
	reported bool
}

func newReleaseCheck(t *testing.T) *releaseCheck {
	return &releaseCheck{t: t, before: openConns(0)}
}

func (c *releaseCheck) check(round int, why string) {
	c.t.Helper()
	if c.reported {
		return
	}
	const keptAlive = http.DefaultMaxIdleConnsPerHost
	if n := openConns(c.before+keptAlive) - c.before; n > keptAlive {
		c.reported = true
		assert.NoError(c.t, goleak.Find(), "round %d: %d connections of the last round are still open while the monitor waits for the next one: %s", round, n, why)
	}
}

// runRounds runs the monitor for n rounds, giving each round's results to
// check while Run waits for its next tick, then stops it.
func runRounds(t *testing.T, m *Monitor, urls []string, n int, check func(round int, results []Result)) {
	t.Helper()
	ticks := make(chan time.Time)
	reports := make(chan []Result)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(ticks, urls, func(rs []Result) { reports <- rs })
	}()
	for round := range n {
		ticks <- time.Now()
		check(round, <-reports)
	}
	close(ticks)
	<-done
}

func TestRunReportsEachRound(t *testing.T) {
	srv := newBackends(t)
	urls := []string{srv.URL + "/health", srv.URL + "/maintenance", unreachable}

	rounds := 0
	runRounds(t, NewMonitor(5*time.Second), urls, 3, func(round int, rs []Result) {
		rounds++
		require.Len(t, rs, 3, "round %d: one result per URL", round)
		assert.Equal(t, Result{URL: urls[0], Up: true, Status: http.StatusOK}, rs[0], "round %d: the health page is up", round)

		assert.Equal(t, urls[1], rs[1].URL, "round %d: results come in the order of the URLs", round)
		assert.False(t, rs[1].Up, "round %d: a 503 is down", round)
		assert.Equal(t, http.StatusServiceUnavailable, rs[1].Status, "round %d: the status is reported", round)
		assert.Error(t, rs[1].Err, "round %d: a backend that is down says why", round)

		assert.Equal(t, urls[2], rs[2].URL, "round %d: results come in the order of the URLs", round)
		assert.False(t, rs[2].Up, "round %d: a backend nobody listens on is down", round)
		assert.Zero(t, rs[2].Status, "round %d: no answer, no status", round)
		assert.Error(t, rs[2].Err, "round %d: a refused connection is reported", round)
	})
	assert.Equal(t, 3, rounds, "Run reports once per tick")
}

// Between two rounds the monitor holds no more connections than the
// transport keeps alive for the next round: each healthy page's connection
// is released before the next probe.
func TestHealthyPagesReleaseTheirConnection(t *testing.T) {
	b := newBackends(t)
	urls := []string{b.URL + "/health", b.URL + "/status", b.URL + "/health", b.URL + "/status"}

	released := newReleaseCheck(t)
	runRounds(t, NewMonitor(5*time.Second), urls, 3, func(round int, rs []Result) {
		for i, r := range rs {
			assert.True(t, r.Up, "round %d: %s is up", round, urls[i])
		}
		released.check(round,
			"every response body must be closed before the next probe (a deferred Close inside the loop runs only when Run returns, which in production is never)")
	})
}

// A page that is down answers with a body too, and its connection must be
// released like any other.
func TestPagesThatAreDownReleaseTheirConnection(t *testing.T) {
	b := newBackends(t)
	urls := []string{b.URL + "/maintenance", b.URL + "/maintenance", b.URL + "/maintenance", b.URL + "/maintenance"}

	released := newReleaseCheck(t)
	runRounds(t, NewMonitor(5*time.Second), urls, 3, func(round int, rs []Result) {
		for i, r := range rs {
			assert.Equal(t, http.StatusServiceUnavailable, r.Status, "round %d: %s is down", round, urls[i])
		}
		released.check(round,
			"the body of an error answer was never closed: close it on every path, not only when the status is 200 OK")
	})
}
