package condandchannel

import (
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
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
			"the dashboard sees the baseline first, then every reading in order")
	})
}

func TestHealthChecksAllWakeUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := NewAgent(loads(0.1, 0.2))

		var checks sync.WaitGroup
		for range 3 {
			checks.Go(a.WaitReady)
		}
		synctest.Wait() // the health checks are waiting for the agent

		a.Start(2)
		a.WaitReady()
		var got []Sample
		for s := range a.Samples() {
			got = append(got, s)
		}
		checks.Wait()

		assert.Equal(t, []Sample{{0, 0.1}, {1, 0.2}}, got, "both readings are streamed")
	})
}
