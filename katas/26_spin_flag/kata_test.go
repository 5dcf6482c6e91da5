package spinflag

import (
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const configText = "listen=:8080\nlog=debug\nworkers=4\n"

var want = map[string]string{"listen": ":8080", "log": "debug", "workers": "4"}

func TestWaitForConfig(t *testing.T) {
	cfg, err := Load(strings.NewReader(configText)).Wait()
	require.NoError(t, err)
	require.NotNil(t, cfg, "Wait should return the loaded configuration")
	assert.Equal(t, want, cfg.Values, "Wait should return the whole configuration")
}

func TestWaitReportsAReadError(t *testing.T) {
	broken := errors.New("connection reset")
	_, err := Load(iotest.ErrReader(broken)).Wait()
	assert.ErrorIs(t, err, broken, "Wait should return the error that stopped the loading")
}

// waiter returns the state of the goroutine inside (*Loader).Wait ("chan receive",
// "runnable", ...), or "" while no goroutine is in Wait yet.
func waiter() string {
	buf := make([]byte, 1<<20)
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if !strings.Contains(g, ".(*Loader).Wait(") {
			continue
		}
		header, _, _ := strings.Cut(g, "\n")
		_, state, _ := strings.Cut(header, " [")
		state, _, _ = strings.Cut(state, "]")
		state, _, _ = strings.Cut(state, ",") // "chan receive, 2 minutes"
		return state
	}
	return ""
}

const turns = 10

// parkedInWait gives the thread away up to turns times and says whether the
// goroutine in Wait was then parked, and in which state it was last seen.
func parkedInWait() (state string, parked bool) {
	for range turns {
		runtime.Gosched() // on one thread, every runnable goroutine runs before this one again
		state = waiter()
		if state != "" && state != "running" && state != "runnable" {
			return state, true
		}
	}
	return state, false
}

// Go's WebAssembly port runs every goroutine on one thread, as GOMAXPROCS(1)
// does, and it has no asynchronous preemption: a goroutine that does not call
// into the scheduler is never interrupted. Here the loader is still waiting
// for its input, and the test gives the only thread away again and again: a
// Wait that blocks (on a channel, a lock, a WaitGroup...) is parked after the
// first turn or two and stays parked. A Wait that loops on a flag is never
// parked: it holds the thread, or with runtime.Gosched hands it back and asks
// for it again at once.
func TestWaitGivesUpTheOnlyThread(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	pr, pw := io.Pipe()
	l := Load(pr)
	type result struct {
		cfg *Config
		err error
	}
	done := make(chan result, 1)
	go func() {
		cfg, err := l.Wait()
		done <- result{cfg, err}
	}()

	state, parked := parkedInWait()
	// Whatever happened, give the loader its input so that every goroutine ends.
	_, err := io.WriteString(pw, configText)
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	r := <-done

	assert.True(t, parked, "on one thread, Wait must block and give the thread up: after %d turns of the scheduler the goroutine in Wait was still %q, never parked. A loop on a flag, even an atomic one, holds the only thread (on WebAssembly the loader would never run, and Wait never return); runtime.Gosched in the loop only takes turns with the loader", turns, state)
	require.NoError(t, r.err)
	require.NotNil(t, r.cfg, "Wait should return the loaded configuration")
	assert.Equal(t, want, r.cfg.Values, "Wait should return the whole configuration")
}

// Wait must return as soon as the configuration is loaded. In the bubble,
// time stands still while any goroutine can still run: a Wait that polls
// with time.Sleep (or a ticker, or time.After) is still asleep when
// everything else is done.
func TestWaitReturnsAsSoonAsLoaded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pr, pw := io.Pipe()
		l := Load(pr)
		done := make(chan *Config, 1)
		go func() {
			cfg, _ := l.Wait()
			done <- cfg
		}()
		// Let the waiter start waiting first (a waiter that spins never parks:
		// the test before this one is about that).
		parkedInWait()
		_, err := io.WriteString(pw, configText)
		require.NoError(t, err)
		require.NoError(t, pw.Close())
		start := time.Now()
		synctest.Wait() // the loader has finished, and the waiter is done or blocked
		select {
		case cfg := <-done:
			require.NotNil(t, cfg, "Wait should return the loaded configuration")
			assert.Equal(t, want, cfg.Values, "Wait should return the whole configuration")
		default:
			<-done // time moves on now, so a polling Wait wakes up and returns
			assert.Fail(t, "Wait should return as soon as the configuration is loaded",
				"the loader had finished, and Wait was still asleep; it returned %s later: polling with time.Sleep adds that delay to every start, and wakes the thread for nothing while it waits", time.Since(start))
		}
	})
}

// Several request handlers wait for the same configuration: loading is a
// one-time event that every waiter must see, not a message for one of them.
func TestEveryWaiterGetsTheConfig(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := Load(strings.NewReader(configText))
		const waiters = 3
		returned := make(chan bool, waiters)
		for range waiters {
			go func() {
				cfg, err := l.Wait()
				returned <- err == nil && cfg != nil && len(cfg.Values) == 3
			}()
		}
		// Time in the bubble only moves when every goroutine is blocked, so a minute
		// is as long as any waiter needs, however it waits.
		deadline := time.After(time.Minute)
		got := 0
		for got < waiters {
			select {
			case ok := <-returned:
				assert.True(t, ok, "Wait should return the whole configuration to every waiter")
				got++
			case <-deadline:
				assert.Fail(t, "a second Wait should return too",
					"%d of %d waiters returned: the loader must broadcast that it is done (a send wakes only one receiver, once)", got, waiters)
				return
			}
		}
	})
}
