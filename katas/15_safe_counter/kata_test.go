package safecounter

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestSafeCounterDashboardWhileCounting(t *testing.T) {
	// Each round uses a fresh counter, so the race detector judges every
	// round on its own: two handlers count a visit while the dashboard reads
	// the total, and nothing but the counter itself orders the three calls.
	for range 100 {
		c := NewSafeCounter()
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { c.Inc("/home") })
		}
		shown := c.Value("/home")
		wg.Wait()
		assert.True(t, shown >= 0 && shown <= 2, "the dashboard shows between zero and two visits while two are being counted")
		assert.Equal(t, 2, c.Value("/home"), "both visits should be counted")
	}
}

func TestSafeCounterNoLostVisits(t *testing.T) {
	const (
		handlers = 8
		visits   = 2000
	)

	// Lost updates leave no data race behind, so the race detector cannot see
	// them: only the totals can. Several CPUs and many handlers on one page
	// make a handler lose its turn between reading a count and writing it back.
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}

	c := NewSafeCounter()
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range handlers {
		wg.Go(func() {
			<-start
			for i := range visits {
				c.Inc("/home")
				if i%64 == 0 {
					c.Value("/home")
				}
			}
		})
	}
	close(start)
	wg.Wait()

	require.Equal(t, handlers*visits, c.Value("/home"),
		"visits were lost: an increment is one read and one write, and two handlers did "+
			"a read and a write under separate locks (or separate atomic steps), so both stored the same count; "+
			"the read and the write must be one critical section")
}
