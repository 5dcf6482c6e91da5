package orderviolation

import (
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// configServer is a fake config server that counts the fetches it serves.
// It is far away: it answers only when the test lets it, once the service
// cannot make any progress without the configuration.
type configServer struct {
	fetches  atomic.Int32
	gate     chan struct{}
	answered atomic.Bool
}

func newConfigServer() *configServer { return &configServer{gate: make(chan struct{})} }

func (s *configServer) fetch() Config {
	<-s.gate
	s.fetches.Add(1)
	return Config{Greeting: "Welcome", Closing: "Enjoy your stay."}
}

func (s *configServer) answer() {
	if s.answered.CompareAndSwap(false, true) {
		close(s.gate)
	}
}

var goroutineHeader = regexp.MustCompile(`(?m)^goroutine (\d+) \[([^\]]*)\]`)

func goroutineID() int {
	buf := make([]byte, 64)
	m := goroutineHeader.FindSubmatch(buf[:runtime.Stack(buf, false)])
	id, _ := strconv.Atoi(string(m[1]))
	return id
}

// blockedStates are the wait reasons of a goroutine that only another
// goroutine can wake (a stack dump shows them in brackets).
var blockedStates = []string{
	"chan receive", "chan send", "select", "sync.Mutex.Lock", "sync.RWMutex.RLock",
	"sync.RWMutex.Lock", "sync.WaitGroup.Wait", "sync.Cond.Wait",
}

var dumpBuf = make([]byte, 1<<16)

// stuck tells whether every goroutine but the caller is blocked (on a
// channel, a lock, a WaitGroup, ...).
func stuck(self int) bool {
	n := runtime.Stack(dumpBuf, true)
	for n == len(dumpBuf) {
		dumpBuf = make([]byte, 2*len(dumpBuf))
		n = runtime.Stack(dumpBuf, true)
	}
	dump := string(dumpBuf[:n])
	for _, m := range goroutineHeader.FindAllStringSubmatch(dump, -1) {
		if id, _ := strconv.Atoi(m[1]); id == self {
			continue
		}
		// Anything else (running, runnable, a system call, waiting for the
		// garbage collector, ...) may still move on by itself.
		state, _, _ := strings.Cut(m[2], ",")
		if !slices.ContainsFunc(blockedStates, func(b string) bool { return strings.HasPrefix(state, b) }) {
			return false
		}
	}
	return true
}

// serve runs f in a goroutine and waits for it to return. While f has not
// returned and nothing in the service can move on, the config server
// answers; if the service is stuck after it has answered, it is stuck
// forever and serve fails the test with msg (the stuck goroutines stay behind).
func serve(t *testing.T, srv *configServer, msg string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	self := goroutineID()
	for {
		select {
		case <-done:
			return
		default:
		}
		if stuck(self) && stuck(self) && stuck(self) { // the same in three dumps in a row
			select {
			case <-done:
				return
			default:
			}
			if srv.answered.Load() {
				require.FailNow(t, msg)
			}
			srv.answer()
		}
		runtime.Gosched()
	}
}

func TestFirstVisitorGetsTheConfiguredGreeting(t *testing.T) {
	srv := newConfigServer()
	srv.answer() // the config server is quick today
	g := NewGreeter(srv.fetch)

	var got string
	serve(t, srv, "the first visitor waits forever for a greeting", func() {
		g.Start()
		got = g.Greet("Ada") // the first visitor arrives right after start-up
		// More visitors come while the configuration arrives, until one of them gets it
		// (the race detector checks each of these reads against the fetch's write too).
		for i := 0; i < 1000 && g.Greet("Bob") != "Welcome, Bob! Enjoy your stay."; i++ {
			runtime.Gosched()
		}
	})
	serve(t, srv, "Close never returns", g.Close)

	assert.Equal(t, "Welcome, Ada! Enjoy your stay.", got,
		"every visitor, even the first one, must be greeted with the configured wording")
	assert.Equal(t, int32(1), srv.fetches.Load(), "the configuration is fetched once")
}

func TestFirstVisitorWaitsForASlowConfigServer(t *testing.T) {
	// Deploys happen all day: each one starts the service and greets a
	// first visitor at once.
	for deploy := range 10 {
		srv := newConfigServer()
		g := NewGreeter(srv.fetch)

		var startReturnedAtOnce bool
		var got string
		serve(t, srv, "the first visitor waits forever for a greeting", func() {
			g.Start()
			startReturnedAtOnce = !srv.answered.Load()
			got = g.Greet("Ada") // the first visitor arrives right after start-up
		})
		serve(t, srv, "Close never returns", g.Close)

		require.True(t, startReturnedAtOnce,
			"Start waited for the config server: the service must start listening at once and fetch the configuration in the background")
		require.Equal(t, "Welcome, Ada! Enjoy your stay.", got,
			"deploy %d: the first visitor was greeted before the configuration arrived: Greet must wait until the fetched configuration is there", deploy)
		require.Equal(t, int32(1), srv.fetches.Load(), "the configuration is fetched once")
	}
}

func TestLaterVisitorsGetTheConfiguredGreeting(t *testing.T) {
	srv := newConfigServer()
	g := NewGreeter(srv.fetch)
	serve(t, srv, "Start never returns", g.Start)
	serve(t, srv, "Close never returns", g.Close) // the configuration has arrived by now

	for _, name := range []string{"Bob", "Cy", "Di"} {
		var got string
		serve(t, srv, "a visitor who comes after the configuration arrived waits forever: whatever Greet waits for must stay ready for every visitor, not only the first",
			func() { got = g.Greet(name) })
		assert.Equal(t, fmt.Sprintf("Welcome, %s! Enjoy your stay.", name), got,
			"a visitor who comes after start-up is greeted with the configured wording")
	}
	assert.Equal(t, int32(1), srv.fetches.Load(), "the configuration is fetched once")
}
