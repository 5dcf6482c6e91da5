package configreload

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errWrongKey = errors.New("wrong API key")

// backend is a fake backend that accepts only its own API key.
type backend struct{ addr, key string }

func (b backend) Call(apiKey, request string) (string, error) {
	if apiKey != b.key {
		return "", fmt.Errorf("backend %s: %w %q", b.addr, errWrongKey, apiKey)
	}
	return b.addr + " answers " + request, nil
}

var (
	blue  = Config{Backend: "blue:443", APIKey: "key-blue"}
	green = Config{Backend: "green:443", APIKey: "key-green"}
)

// dialFleet connects to the backends blue and green. It shares nothing
// between requests: it orders nothing between them.
func dialFleet(addr string) (Backend, error) {
	for _, c := range []Config{blue, green} {
		if c.Backend == addr {
			return backend{addr: c.Backend, key: c.APIKey}, nil
		}
	}
	return nil, fmt.Errorf("dial %s: no such host", addr)
}

// file is a configuration file with c's two keys.
func file(c Config) *strings.Reader {
	return strings.NewReader(fmt.Sprintf("# gateway.conf\nbackend = %s\napi_key = %s\n", c.Backend, c.APIKey))
}

func TestForwardAndReload(t *testing.T) {
	g := NewGateway(blue, dialFleet)
	got, err := g.Forward("GET /stock")
	require.NoError(t, err, "the gateway forwards to its backend with that backend's key")
	assert.Equal(t, "blue:443 answers GET /stock", got)

	require.NoError(t, g.Reload(file(green)), "a valid configuration file reloads")
	assert.Equal(t, green, g.Config(), "the reloaded configuration is in force")
	got, err = g.Forward("GET /stock")
	require.NoError(t, err, "after the reload the gateway uses the new backend with the new key")
	assert.Equal(t, "green:443 answers GET /stock", got)

	require.NoError(t, g.Reload(strings.NewReader("api_key = key-blue-2\n")), "a file may set one key only")
	assert.Equal(t, Config{Backend: "green:443", APIKey: "key-blue-2"}, g.Config(), "a key left out keeps its value")
}

func TestABadFileChangesNothing(t *testing.T) {
	g := NewGateway(blue, dialFleet)
	err := g.Reload(strings.NewReader("backend = green:443\napi_key key-green\n"))
	assert.Error(t, err, "a line that is not key = value is an error")
	err = g.Reload(strings.NewReader("backend = green:443\ncolour = green\n"))
	assert.Error(t, err, "an unknown key is an error")
	assert.Equal(t, blue, g.Config(), "a file with an error changes nothing, not even the lines before the error")
}

// The operator reloads while a request is between its two steps: it has
// dialled the backend of the configuration in force and not yet sent its
// key. The gateway has been reloaded once before.
func TestReloadInTheMiddleOfARequest(t *testing.T) {
	var g *Gateway
	inRequest := false
	dial := func(addr string) (Backend, error) {
		if inRequest {
			inRequest = false
			// The operator reloads now, from another goroutine, and the
			// request goes on once the reload is done.
			done := make(chan error)
			go func() { done <- g.Reload(file(blue)) }()
			require.NoError(t, <-done, "the reload succeeds")
		}
		return dialFleet(addr)
	}
	g = NewGateway(blue, dial)
	require.NoError(t, g.Reload(file(green)), "a valid configuration file reloads")

	inRequest = true
	got, err := g.Forward("GET /stock")
	assert.NoError(t, err,
		"a request that started before the reload sent the new configuration's key to the old backend: a torn configuration; a request must read the configuration once, and use that one all along")
	assert.Equal(t, "green:443 answers GET /stock", got, "a request finishes with the configuration it started with")
	assert.Equal(t, blue, g.Config(), "the reload is in force once it returned")

	got, err = g.Forward("GET /stock")
	assert.NoError(t, err, "the next request uses the new configuration")
	assert.Equal(t, "blue:443 answers GET /stock", got, "the next request goes to the new backend")
}

// The operator reloads while a request is in flight, and neither waits for
// the other: nothing orders the reload's writes and the request's reads, so
// the race detector reports any memory that both of them touch.
func TestReloadWhileARequestIsInFlight(t *testing.T) {
	var g *Gateway
	inRequest := make(chan struct{})
	dial := func(addr string) (Backend, error) {
		select {
		case <-inRequest:
		default:
			close(inRequest) // the operator may reload now
		}
		return dialFleet(addr)
	}
	g = NewGateway(blue, dial)
	require.NoError(t, g.Reload(file(green)), "a valid configuration file reloads")

	var operator sync.WaitGroup
	operator.Go(func() {
		<-inRequest
		assert.NoError(t, g.Reload(file(blue)), "the reload succeeds")
	})
	got, err := g.Forward("GET /stock")
	operator.Wait()

	assert.NoError(t, err, "a request in flight during a reload uses one whole configuration")
	assert.Equal(t, "green:443 answers GET /stock", got, "a request finishes with the configuration it started with")
	assert.Equal(t, blue, g.Config(), "the reload is in force once it returned")
}

// Requests on several CPUs while the operator switches between blue and
// green, many times: every request must see one whole configuration.
func TestReloadWhileServing(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const (
		requests = 4
		rounds   = 300
	)
	g := NewGateway(blue, dialFleet)
	var wg sync.WaitGroup
	failed := make([]int, requests)
	for r := range requests {
		wg.Go(func() {
			for range rounds {
				if _, err := g.Forward("GET /stock"); err != nil {
					failed[r]++
				}
			}
		})
	}
	wg.Go(func() {
		for i := range rounds {
			c := blue
			if i%2 == 0 {
				c = green
			}
			if err := g.Reload(file(c)); err != nil {
				panic(err)
			}
		}
	})
	wg.Wait()

	for r, n := range failed {
		assert.Zero(t, n,
			"request goroutine %d: %d requests saw a torn configuration, the backend of one and the key of the other", r, n)
	}
	assert.Equal(t, blue, g.Config(), "the last reload is in force")
}
