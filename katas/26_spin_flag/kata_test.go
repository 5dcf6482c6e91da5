package spinflag

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const configText = "listen=:8080\nlog=debug\nworkers=4\n"

func checkConfig(t *testing.T) {
	t.Helper()
	cfg := Load(configText).Wait()
	require.NotNil(t, cfg, "Wait should return the loaded configuration")
	assert.Equal(t, map[string]string{"listen": ":8080", "log": "debug", "workers": "4"}, cfg.Values,
		"Wait should return the whole configuration")
}

func TestWaitForConfig(t *testing.T) {
	checkConfig(t)
}

// Go's WebAssembly port runs every goroutine on a single thread: a waiter
// that never gives the thread up would starve the loader forever.
func TestWaitForConfigOnOneThread(t *testing.T) {
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	for range 10 {
		checkConfig(t)
	}
}

// goroutineID returns the id of the calling goroutine, from the first line
// of its stack trace ("goroutine 42 [running]:").
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf), "goroutine "), " ")
	return id
}

// While a large configuration is being loaded, the goroutine in Wait must be
// parked (on a channel, a lock, a WaitGroup...), not running or runnable: a
// waiter that spins, even with runtime.Gosched or an atomic flag, keeps a
// thread busy, and on a single thread (WebAssembly) it competes with the
// loader for it.
func TestWaitDoesNotSpinWhileLoading(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	var text strings.Builder
	for i := range 40000 {
		fmt.Fprintf(&text, "key%05d=value%d\n", i, i)
	}
	loadFunc := runtime.FuncForPC(reflect.ValueOf(Load).Pointer()).Name()
	pkg := loadFunc[:strings.LastIndex(loadFunc, ".")] + "."

	l := Load(text.String())
	waiterID := make(chan string, 1)
	done := make(chan *Config, 1)
	go func() {
		waiterID <- goroutineID()
		done <- l.Wait()
	}()
	waiter, me := <-waiterID, goroutineID()

	// Sample every goroutine's state until Wait returns: count the samples
	// in which the loader is still at work and the waiter is not parked.
	spinning, samples := 0, 0
	buf := make([]byte, 1<<20)
	var cfg *Config
	for cfg == nil {
		select {
		case cfg = <-done:
			continue
		default:
		}
		dump := string(buf[:runtime.Stack(buf, true)])
		loading, waiterActive := false, false
		for _, g := range strings.Split(dump, "\n\n") {
			header, _, _ := strings.Cut(g, "\n")
			id, state, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " [")
			switch {
			case id == waiter:
				waiterActive = strings.Contains(g, ".(*Loader).Wait(") &&
					(strings.HasPrefix(state, "runnable") || strings.HasPrefix(state, "running"))
			case id != me && strings.Contains(g, pkg):
				loading = true
			}
		}
		samples++
		if loading && waiterActive {
			spinning++
		}
	}
	require.NotNil(t, cfg, "Wait should return the loaded configuration")
	assert.Len(t, cfg.Values, 40000, "Wait should return the whole configuration")
	assert.False(t, spinning >= 4 && 2*spinning > samples,
		"Wait should block, not spin: in %d of %d samples taken while the loader was still at work, the waiting goroutine was running or runnable instead of parked (a loop on a flag, even an atomic one with runtime.Gosched, burns the thread the loader needs)", spinning, samples)
}

// Several request handlers wait for the same configuration: loading is a
// one-time event that every waiter must see, not a message for one of them.
func TestEveryWaiterGetsTheConfig(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := Load(configText)
		const waiters = 3
		var returned atomic.Int32
		for range waiters {
			go func() {
				if cfg := l.Wait(); cfg != nil && len(cfg.Values) == 3 {
					returned.Add(1)
				}
			}()
		}
		synctest.Wait()
		assert.Equal(t, int32(waiters), returned.Load(),
			"a second Wait should return too: the loader must broadcast that it is done (a send wakes only one receiver, once)")
	})
}
