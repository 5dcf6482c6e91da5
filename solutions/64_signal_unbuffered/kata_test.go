package signalunbuffered

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeApp records what the daemon asks of it. While the test holds it,
// Reload blocks until the test releases it: the daemon is busy reloading.
type fakeApp struct {
	ready    chan struct{} // closed by Ready
	entered  chan struct{} // one value each time a Reload starts
	mu       sync.Mutex
	release  chan struct{} // Reload waits for it to be closed
	failNext bool          // the next Reload fails
	started  int           // Reloads started
	inFlight int
	most     int // the most Reloads running at once
	shutdown int // Shutdowns called
	midway   int // Shutdowns called while a Reload was running
	lines    []string
}

func (a *fakeApp) Ready() { close(a.ready) }

func (a *fakeApp) Reload() error {
	a.mu.Lock()
	a.started++
	a.inFlight++
	a.most = max(a.most, a.inFlight)
	release, fail := a.release, a.failNext
	a.failNext = false
	a.mu.Unlock()
	a.entered <- struct{}{}
	<-release
	a.mu.Lock()
	a.inFlight--
	a.mu.Unlock()
	if fail {
		return errors.New("backend 10.0.0.7:8080 does not answer")
	}
	return nil
}

func (a *fakeApp) Shutdown() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.shutdown++
	if a.inFlight > 0 {
		a.midway++
	}
	return nil
}

func (a *fakeApp) logf(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lines = append(a.lines, fmt.Sprintf(format, args...))
}

// hold makes the next Reloads block until release is called.
func (a *fakeApp) hold() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.release = make(chan struct{})
}

func (a *fakeApp) releaseReloads() {
	a.mu.Lock()
	defer a.mu.Unlock()
	select {
	case <-a.release:
	default:
		close(a.release)
	}
}

func (a *fakeApp) stats() (started, most, shutdown, midway int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.started, a.most, a.shutdown, a.midway
}

// daemon is one Run of the daemon under test, with the test's own probes.
type daemon struct {
	t      *testing.T
	app    *fakeApp
	done   chan error
	probes map[syscall.Signal]chan os.Signal
}

var handled = []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT}

// start runs the daemon in a goroutine and returns once it is Ready and
// waits for its first signal.
func start(t *testing.T) *daemon {
	if !canSignalSelf {
		t.Skipf("this kata sends Unix signals to its own process, which %s cannot do", runtime.GOOS)
	}
	released := make(chan struct{})
	close(released)
	d := &daemon{
		t: t,
		app: &fakeApp{
			ready:   make(chan struct{}),
			entered: make(chan struct{}, 1000),
			release: released,
		},
		done:   make(chan error, 1),
		probes: map[syscall.Signal]chan os.Signal{},
	}
	// The test's own channel for each signal, registered before the daemon's
	// and kept until the daemon has returned: it tells the test when a signal
	// arrived, and a signal the daemon lost never kills the test process.
	for _, sig := range handled {
		probe := make(chan os.Signal, 1)
		signal.Notify(probe, sig)
		d.probes[sig] = probe
	}
	t.Cleanup(func() {
		for _, probe := range d.probes {
			signal.Stop(probe)
		}
	})
	go func() { d.done <- Run(d.app, d.app.logf) }()
	<-d.app.ready
	t.Cleanup(d.stop)
	settle()
	return d
}

// raise sends sig to the test's process and returns once os/signal has
// offered it to every channel registered with signal.Notify, the daemon's
// included. A channel that could not take it at that moment has lost it.
func (d *daemon) raise(sig syscall.Signal) {
	d.t.Helper()
	require.NoError(d.t, kill(sig), "sending %v to the test process", sig)
	<-d.probes[sig]
	// os/signal offers a signal to all its channels under one lock: once
	// Notify can take that lock, the offer to the daemon's channel is over.
	signal.Notify(d.probes[sig], sig)
}

// settle returns once every goroutine but the test's own is blocked: the
// daemon has done everything the signals delivered so far ask of it, and
// nothing will change until the test acts again.
func settle() {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		if quiet(string(buf[:n])) {
			return
		}
		runtime.Gosched()
	}
}

// quiet reports whether every goroutine in the dump but the first (the
// caller) is parked on a channel, a select or a lock.
func quiet(dump string) bool {
	for i, g := range strings.Split(strings.TrimSpace(dump), "\n\n") {
		if i == 0 {
			continue
		}
		header, stack, _ := strings.Cut(g, "\n")
		_, state, _ := strings.Cut(header, "[")
		state, _, _ = strings.Cut(strings.TrimSuffix(state, "]:"), ",")
		switch {
		case strings.HasPrefix(state, "chan "), strings.HasPrefix(state, "select"),
			strings.HasPrefix(state, "sync."):
		case state == "syscall" && strings.HasPrefix(stack, "os/signal.signal_recv("):
			// os/signal's own goroutine, waiting for the next signal
		default:
			return false
		}
	}
	return true
}

// returned reports whether Run has returned, and its error.
func (d *daemon) returned() (bool, error) {
	select {
	case err := <-d.done:
		d.done <- err
		return true, err
	default:
		return false, nil
	}
}

// stop releases any held reload and shuts down a daemon that is still
// running, so that no goroutine outlives the test.
func (d *daemon) stop() {
	d.app.releaseReloads()
	for range 3 {
		settle()
		if ok, _ := d.returned(); ok {
			return
		}
		d.raise(syscall.SIGTERM)
	}
}

func TestReloadOnSIGHUPThenShutDownOnSIGTERM(t *testing.T) {
	d := start(t)

	d.raise(syscall.SIGHUP)
	settle()
	started, _, _, _ := d.app.stats()
	assert.Equal(t, 1, started, "a SIGHUP to an idle daemon reloads the routes once")

	d.app.mu.Lock()
	d.app.failNext = true
	d.app.mu.Unlock()
	d.raise(syscall.SIGHUP)
	settle()
	ok, _ := d.returned()
	require.False(t, ok, "a failed reload keeps the old routes: the daemon goes on serving")

	d.raise(syscall.SIGTERM)
	settle()
	ok, err := d.returned()
	require.True(t, ok, "a SIGTERM to an idle daemon shuts it down")
	assert.NoError(t, err, "Run returns Shutdown's error, and Shutdown succeeded")
	_, _, shutdown, _ := d.app.stats()
	assert.Equal(t, 1, shutdown, "the daemon drains its connections (Shutdown) before it returns")
	d.app.mu.Lock()
	defer d.app.mu.Unlock()
	assert.Contains(t, strings.Join(d.app.lines, "\n"), "keeping the old routes", "a failed reload is logged")
}

func TestInterruptShutsDown(t *testing.T) {
	d := start(t)

	d.raise(syscall.SIGINT)
	settle()
	ok, err := d.returned()
	require.True(t, ok, "an interrupt (Ctrl-C, SIGINT) shuts the daemon down like SIGTERM")
	assert.NoError(t, err)
}

// The deploy tool writes a new route table and sends SIGHUP while the
// previous reload is still checking backends.
func TestASIGHUPDuringAReloadIsNotLost(t *testing.T) {
	d := start(t)

	d.app.hold()
	d.raise(syscall.SIGHUP)
	<-d.app.entered // the daemon is busy reloading
	d.raise(syscall.SIGHUP)
	settle()
	d.app.releaseReloads()
	settle()

	started, most, _, _ := d.app.stats()
	assert.Equal(t, 2, started,
		"a SIGHUP that arrived while the daemon was reloading was lost: signal.Notify never waits, it drops a signal that its channel cannot take at once, so the channel needs a buffer")
	assert.Equal(t, 1, most,
		"two reloads ran at once: a reload that arrives during another must wait for it, not run beside it")
}

// The orchestrator stops the daemon while it is reloading.
func TestASIGTERMDuringAReloadIsNotLost(t *testing.T) {
	d := start(t)

	d.app.hold()
	d.raise(syscall.SIGHUP)
	<-d.app.entered // the daemon is busy reloading
	d.raise(syscall.SIGTERM)
	settle()
	d.app.releaseReloads()
	settle()

	ok, err := d.returned()
	assert.True(t, ok,
		"a SIGTERM that arrived while the daemon was reloading was lost: signal.Notify never waits, it drops a signal that its channel cannot take at once, so the channel needs a buffer")
	assert.NoError(t, err)
	_, _, shutdown, midway := d.app.stats()
	assert.Equal(t, 0, midway, "the daemon shut down in the middle of a reload: it must finish the reload first")
	assert.LessOrEqual(t, shutdown, 1, "the daemon shuts down once")
}

// A script sends a SIGHUP for each of 100 edited routes, then SIGTERM, all
// during one slow reload.
func TestASIGTERMAfterABurstOfSIGHUPsIsNotLost(t *testing.T) {
	const burst = 100
	d := start(t)

	d.app.hold()
	d.raise(syscall.SIGHUP)
	<-d.app.entered // the daemon is busy reloading
	for range burst {
		d.raise(syscall.SIGHUP)
	}
	d.raise(syscall.SIGTERM)
	settle()
	d.app.releaseReloads()
	settle()

	ok, _ := d.returned()
	assert.True(t, ok,
		"the SIGTERM that came after a burst of SIGHUPs was lost: a channel that reload and shutdown signals share fills up with SIGHUPs, whatever its buffer, and then drops the SIGTERM. Shutdown needs room of its own")
	started, _, _, _ := d.app.stats()
	assert.LessOrEqual(t, started, 2,
		"%d SIGHUPs during one reload need one more reload, not one each: a reload reads the newest routes anyway, so one pending SIGHUP is enough", burst)
}
