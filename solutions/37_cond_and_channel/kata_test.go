package condandchannel

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// loads returns a probe that reads the given values one after the other.
func loads(values ...float64) func() float64 {
	return func() float64 {
		v := values[0]
		values = values[1:]
		return v
	}
}

func TestDashboardWaitsThenReads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := NewAgent(loads(0.25, 0.5, 0.75))
		assert.False(t, a.Ready(), "an agent that was not started is not ready")

		a.Start(3)
		a.WaitReady()
		assert.True(t, a.Ready(), "WaitReady returns once the agent is ready")

		var got []Sample
		for s := range a.Samples() {
			got = append(got, s)
		}
		assert.Equal(t, []Sample{{0, 0.25}, {1, 0.5}, {2, 0.75}}, got,
			"the baseline is missing or not first: the dashboard sees the baseline first, then every reading in order")
	})
}

// TestNotReadyWhileCalibrating has a first reading that takes a while: the
// agent is not ready, and WaitReady does not return, until it is taken.
func TestNotReadyWhileCalibrating(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calibrated := make(chan struct{})
		next := loads(0.3, 0.6)
		first := true
		a := NewAgent(func() float64 {
			if first {
				first = false
				<-calibrated // the first reading takes a while
			}
			return next()
		})

		var dashboard sync.WaitGroup
		var got []Sample
		var readyEarly atomic.Bool
		dashboard.Go(func() {
			a.WaitReady()
			select {
			case <-calibrated:
			default:
				readyEarly.Store(true)
			}
			for s := range a.Samples() {
				got = append(got, s)
			}
		})
		a.Start(2)
		synctest.Wait() // the first reading is being taken
		assert.False(t, a.Ready(),
			"the agent says it is ready while its first reading is still being taken: ready means calibrated, not started")

		close(calibrated)
		dashboard.Wait()
		assert.False(t, readyEarly.Load(),
			"WaitReady returned while the first reading was still being taken: ready means calibrated, not started")
		assert.Equal(t, []Sample{{0, 0.3}, {1, 0.6}}, got, "both readings are streamed, baseline first")
	})
}

// TestEveryAgentStreamsInOrder starts many agents, with one to five
// samples each: for every one of them the baseline comes first, every
// sample comes once, and the stream is closed after the last one.
func TestEveryAgentStreamsInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for round := range 60 {
			n := 1 + round%5
			values := make([]float64, n)
			want := make([]Sample, n)
			for i := range values {
				values[i] = float64(round) + float64(i)/10
				want[i] = Sample{i, values[i]}
			}
			a := NewAgent(loads(values...))

			a.Start(n)
			a.WaitReady()
			var got []Sample
			for s := range a.Samples() {
				got = append(got, s)
			}
			require.Equal(t, want, got,
				"agent %d with %d samples: the baseline is missing or not first: the dashboard sees the baseline first, then every reading in order", round, n)
		}
	})
}

// TestHealthChecksAllWakeUp has three health checks and the dashboard wait
// for the agent before it starts: every one of them must wake up.
func TestHealthChecksAllWakeUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := NewAgent(loads(0.1, 0.2))

		var waiters sync.WaitGroup
		var woken atomic.Int32
		for range 3 {
			waiters.Go(func() {
				a.WaitReady()
				woken.Add(1)
			})
		}
		var got []Sample
		waiters.Go(func() { // the dashboard
			a.WaitReady()
			woken.Add(1)
			for s := range a.Samples() {
				got = append(got, s)
			}
		})
		synctest.Wait() // the health checks and the dashboard wait for the agent

		a.Start(2)
		synctest.Wait() // every waiter that was woken has moved on
		assert.Equal(t, int32(4), woken.Load(),
			"only %d of 4 waiters (3 health checks and the dashboard) woke up when the agent became ready: readiness is news for every waiter", woken.Load())
		waiters.Wait()

		assert.Equal(t, []Sample{{0, 0.1}, {1, 0.2}}, got, "both readings are streamed")
	})
}
