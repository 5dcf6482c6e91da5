package mixedatomic

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMeterAddAndFlush(t *testing.T) {
	var m Meter
	m.Add(1500)
	m.Add(500)

	assert.Equal(t, int64(2000), m.Current(), "the meter should show the bytes sent so far")
	assert.Equal(t, int64(2000), m.Flush(), "a flush should return the bytes sent so far")
	assert.Zero(t, m.Current(), "after a flush the meter should start again from zero")
	assert.Zero(t, m.Flush(), "a second flush with no traffic should bill nothing")
}

func TestBillingWhileStreaming(t *testing.T) {
	const handlers, chunks, chunk = 4, 25, 1400

	// The race detector works from the order of events, not from luck: one
	// CPU is enough for it, and keeps every run of this test the same.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	var m Meter

	// The billing job flushes the meter while the handlers are streaming.
	billed := make(chan int64)
	go func() {
		var sum int64
		for range 5 {
			sum += m.Flush()
		}
		billed <- sum
	}()

	var wg sync.WaitGroup
	for range handlers {
		wg.Go(func() {
			for range chunks {
				m.Add(chunk)
			}
		})
	}
	wg.Wait()

	total := <-billed + m.Flush() // the last invoice line of the day
	assert.Equal(t, int64(handlers*chunks*chunk), total, "every byte sent should be billed exactly once")
}

func TestDashboardWhileBilling(t *testing.T) {
	// Each round uses a fresh meter, so the race detector judges every round
	// on its own: a handler adds, the billing job flushes and a dashboard
	// reads the meter, and only the meter itself orders the three calls.
	for range 100 {
		var m Meter
		m.Add(700)
		var wg sync.WaitGroup
		var flushed int64
		wg.Go(func() { m.Add(1400) })
		wg.Go(func() { flushed = m.Flush() })
		shown := m.Current()
		wg.Wait()

		assert.Contains(t, []int64{0, 700, 1400, 2100}, shown, "the dashboard should show a count the meter really had")
		assert.Equal(t, int64(2100), flushed+m.Flush(), "every byte sent should be billed exactly once")
	}
}
