package echoshutdown

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// nothingLeftRunning fails with why, and goleak's list of goroutines, if a
// goroutine is still running once the test is done with the service.
func nothingLeftRunning(t *testing.T, why string) {
	t.Helper()
	assert.NoError(t, goleak.Find(), why)
}

func TestServeThenShutDownCleanly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test needs a loopback port")

	srv := New(time.Hour)
	srv.Start(ln)

	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}

	for _, symbol := range []string{"ACME", "GOPH", "ACME"} {
		resp, err := client.Get(fmt.Sprintf("http://%s/quote/%s", ln.Addr(), symbol))
		require.NoError(t, err, "the server should answer while it runs")
		var body map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&body), "a quote is a JSON object")
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusOK, resp.StatusCode, "a quote request should succeed")
		assert.Equal(t, symbol, body["symbol"], "the quote should be for the requested symbol")
	}
	assert.Equal(t, int64(3), srv.Quotes(), "every quote should be counted")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx), "a graceful shutdown should succeed")

	_, err = client.Get(fmt.Sprintf("http://%s/quote/ACME", ln.Addr()))
	assert.Error(t, err, "after Shutdown the server should refuse new requests")

	tr.CloseIdleConnections()
	nothingLeftRunning(t, "Shutdown returned but a goroutine the service started is still running; "+
		"stopping the ticker or checking a flag on each tick does not end a goroutine blocked on the ticker")
}

// A rolling deploy gives Shutdown a deadline; a client that is slow to send
// its request makes it give up. The service's own goroutines must stop anyway.
func TestAShutdownThatGivesUpStillStopsTheService(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test needs a loopback port")

	srv := New(time.Hour)
	srv.Start(ln)

	// A slow client: connected, half of its request sent. The server keeps
	// waiting for the rest, so the graceful drain cannot finish.
	slow, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err, "the test needs a connection to the server")
	_, err = io.WriteString(slow, "GET /quote/ACME HTTP/1.1\r\nHost: quotes\r\n")
	require.NoError(t, err, "the slow client should send half a request")

	// A complete request on a second connection, answered: the server has
	// accepted the slow connection before it (the accept queue is in order).
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://%s/quote/GOPH", ln.Addr()))
	require.NoError(t, err, "the server should answer while it runs")
	_, _ = io.Copy(io.Discard, resp.Body)
	require.NoError(t, resp.Body.Close())
	tr.CloseIdleConnections()

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the deploy's deadline has passed
	err = srv.Shutdown(ctx)
	assert.True(t, errors.Is(err, context.Canceled),
		"a shutdown whose deadline has passed while a request is pending should report it, got %v", err)

	require.NoError(t, slow.Close())
	nothingLeftRunning(t, "a Shutdown that gives up on a slow client must still stop the service's own goroutines; "+
		"stop them on every path out of Shutdown, not only when the HTTP drain succeeds")
}

// pipeListener is an in-memory net.Listener for a testing/synctest bubble:
// every connection is one end of a net.Pipe.
type pipeListener struct {
	conns     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// quote asks for one quote over a fresh in-memory connection.
func (l *pipeListener) quote(t *testing.T, symbol string) {
	t.Helper()
	client, server := net.Pipe()
	defer client.Close()
	l.conns <- server
	go func() {
		_, _ = io.WriteString(client, "GET /quote/"+symbol+" HTTP/1.1\r\nHost: quotes\r\nConnection: close\r\n\r\n")
	}()
	resp, err := http.ReadResponse(bufio.NewReader(client), nil)
	require.NoError(t, err, "the server should answer while it runs")
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body), "a quote is a JSON object")
	assert.Equal(t, symbol, body["symbol"], "the quote should be for the requested symbol")
}

// The flusher must keep working while the service runs: stopping it is for
// Shutdown only. Time is fake here, so an interval passes at once.
func TestMetricsAreFlushedWhileTheServiceRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const interval = time.Minute
		ln := newPipeListener()
		srv := New(interval)
		srv.Start(ln)

		for _, symbol := range []string{"ACME", "GOPH", "ACME"} {
			ln.quote(t, symbol)
		}
		<-time.After(interval + time.Second)
		synctest.Wait()
		assert.Equal(t, int64(3), srv.flushed.Load(),
			"the count should reach the metrics system every interval while the service runs; "+
				"the flusher must not stop before Shutdown")

		ln.quote(t, "GOPH")
		<-time.After(interval)
		synctest.Wait()
		assert.Equal(t, int64(4), srv.flushed.Load(),
			"the count should reach the metrics system every interval while the service runs; "+
				"the flusher must not stop after its first flush")

		require.NoError(t, srv.Shutdown(context.Background()), "a graceful shutdown should succeed")
	})
}
