package safecounter

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSafeCounterSingleGoroutine(t *testing.T) {
	c := NewSafeCounter()
	for range 3 {
		c.Inc("/home")
	}
	c.Inc("/about")

	assert.Equal(t, 3, c.Value("/home"), "three visits to /home should count three")
	assert.Equal(t, 1, c.Value("/about"), "one visit to /about should count one")
	assert.Zero(t, c.Value("/missing"), "a page never visited should count zero")
}

func TestSafeCounterConcurrentHandlers(t *testing.T) {
	const visits = 50

	// The race detector works from the order of events, not from luck: two
	// goroutines on one CPU are enough for it, and keep every run the same.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	c := NewSafeCounter()
	var wg sync.WaitGroup
	// Two request handlers serve /home at the same time; each counts the
	// visit, then shows the running total on the page.
	for range 2 {
		wg.Go(func() {
			for range visits {
				c.Inc("/home")
				assert.Positive(t, c.Value("/home"), "a visit that was just counted should show")
			}
		})
	}
	wg.Wait()

	assert.Equal(t, 2*visits, c.Value("/home"),
		"every visit from both handlers should be counted exactly once")
}
