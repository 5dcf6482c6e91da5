package echoshutdown

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestServeThenShutDownCleanly(t *testing.T) {
	defer goleak.VerifyNone(t)

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
}
