package capturederr

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errUnreachable = errors.New("host unreachable")

// fleet is a fake set of servers: pushing to a host in down fails.
type fleet struct {
	mu     sync.Mutex
	down   []string
	pushed []string
}

func (f *fleet) push(host, release string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pushed = append(f.pushed, host+"@"+release)
	if slices.Contains(f.down, host) {
		return errUnreachable
	}
	return nil
}

// pushes returns what was pushed so far (under the lock: a push that outlives
// Deploy may still be running).
func (f *fleet) pushes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.pushed)
}

var hosts = []string{"web-1", "web-2", "web-3", "db-1", "cache-1"}

func TestDeployEverywhere(t *testing.T) {
	f := &fleet{}
	err := Deploy(hosts, "v1.4.2", f.push)

	assert.NoError(t, err, "every host is up, so the deploy succeeds")
	assert.ElementsMatch(t,
		[]string{"web-1@v1.4.2", "web-2@v1.4.2", "web-3@v1.4.2", "db-1@v1.4.2", "cache-1@v1.4.2"},
		f.pushes(), "the release is pushed to every host exactly once")
}

func TestDeployReportsFailedHosts(t *testing.T) {
	f := &fleet{down: []string{"web-2", "db-1"}}
	err := Deploy(hosts, "v1.4.3", f.push)

	require.Error(t, err, "two hosts are down, so the deploy must fail")
	assert.ErrorIs(t, err, errUnreachable, "the error wraps the reason a push failed")
	msg := err.Error()
	assert.True(t, strings.Contains(msg, "web-2") || strings.Contains(msg, "db-1"),
		"the error names a host that failed, got %q", msg)
	assert.Len(t, f.pushes(), len(hosts), "a failed host does not stop the pushes to the others")
}

var goroutineHeader = regexp.MustCompile(`(?m)^goroutine (\d+) \[([^\]]*)\]`)

// blockedStates are the wait reasons of a goroutine that only another
// goroutine can wake (a stack dump shows them in brackets).
var blockedStates = []string{
	"chan receive", "chan send", "select", "sync.Mutex.Lock", "sync.RWMutex.RLock",
	"sync.RWMutex.Lock", "sync.WaitGroup.Wait", "sync.Cond.Wait",
}

// settle waits until done is closed, or until every goroutine but the caller
// is blocked (on a channel, a lock, a WaitGroup, ...): until nothing moves on
// any more unless the test does something. It gives the other goroutines many
// turns before each look at every goroutine's state, which costs more the
// more goroutines there are.
func settle(done <-chan struct{}) {
	buf := make([]byte, 1<<16)
	self := func() string {
		m := goroutineHeader.FindSubmatch(buf[:runtime.Stack(buf, false)])
		return string(m[1])
	}()
	for {
		for range 50 {
			select {
			case <-done:
				return
			default:
			}
			runtime.Gosched()
		}
		n := runtime.Stack(buf, true)
		for n == len(buf) {
			buf = make([]byte, 2*len(buf))
			n = runtime.Stack(buf, true)
		}
		quiet := true
		for _, m := range goroutineHeader.FindAllStringSubmatch(string(buf[:n]), -1) {
			state, _, _ := strings.Cut(m[2], ",")
			if m[1] != self && !slices.ContainsFunc(blockedStates, func(b string) bool { return strings.HasPrefix(state, b) }) {
				quiet = false
				break
			}
		}
		if quiet {
			return
		}
		runtime.Gosched()
	}
}

// slowFleet is a fake set of servers where a push to a host that is up takes
// until the test releases it; a push to a host in down fails at once.
type slowFleet struct {
	down     []string
	inFlight atomic.Int32
	release  chan struct{}
}

func (f *slowFleet) push(host, release string) error {
	if slices.Contains(f.down, host) {
		return errUnreachable
	}
	f.inFlight.Add(1)
	<-f.release
	return nil
}

func TestPushesRunInParallelAndAreAllAwaited(t *testing.T) {
	f := &slowFleet{down: []string{"web-2"}, release: make(chan struct{})}
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		err = Deploy(hosts, "v1.4.4", f.push)
	}()
	settle(nil) // every push that can start has started; web-2 has failed

	inFlight := f.inFlight.Load()
	returned := false
	select {
	case <-done:
		returned = true
	default:
	}
	close(f.release) // the slow hosts finish their pushes
	<-done

	assert.Equal(t, int32(len(hosts)-1), inFlight,
		"the pushes do not run in parallel: only %d of the %d healthy hosts were being pushed to at once, so one slow host holds up the whole fleet", inFlight, len(hosts)-1)
	assert.False(t, returned,
		"Deploy returned while pushes to other hosts were still running: it must wait for every push, not only until the first error")
	require.Error(t, err, "web-2 is down, so the deploy must fail")
	assert.ErrorIs(t, err, errUnreachable, "the error wraps the reason a push failed")
	assert.Contains(t, err.Error(), "web-2", "the error names the host that failed")
}

func TestLargeFleetAllDown(t *testing.T) {
	// A network outage: every host of a large fleet is unreachable at once.
	var many []string
	for i := range 300 {
		many = append(many, fmt.Sprintf("edge-%03d", i))
	}
	f := &fleet{down: many}
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		err = Deploy(many, "v1.5.0", f.push)
	}()
	settle(done)
	select {
	case <-done:
	default:
		require.Fail(t, "Deploy never returned with 300 hosts down: a failed push blocks handing over its error (a buffer only moves the limit)")
	}

	require.Error(t, err, "every host is down, so the deploy must fail")
	assert.ErrorIs(t, err, errUnreachable, "the error wraps the reason a push failed")
	assert.Contains(t, err.Error(), "edge-", "the error names a host that failed")
	assert.Len(t, f.pushes(), len(many), "every host was tried")
}
