package timeoutsynctest

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const timeout = 10 * time.Second

// agent plays the canary's health agent: it sends a heartbeat every 3
// seconds, beats times in all, then the final event if there is one. It gives
// up as soon as stop is closed.
func agent(events chan<- Event, stop <-chan struct{}, beats int, final *Event) {
	ticker := time.NewTicker(3 * time.Second)
	defer ticker.Stop()
	send := func(ev Event) bool {
		select {
		case <-ticker.C:
		case <-stop:
			return false
		}
		select {
		case events <- ev:
			return true
		case <-stop:
			return false
		}
	}
	for range beats {
		if !send(Event{Heartbeat: true}) {
			return
		}
	}
	if final != nil {
		send(*final)
	}
}

// waitWithAgent runs WaitForVerdict against a fake agent, inside a synctest
// bubble where time is fake, and reports how much (fake) time the call took.
func waitWithAgent(t *testing.T, beats int, final *Event) (Verdict, error, time.Duration) {
	t.Helper()
	var (
		v       Verdict
		err     error
		elapsed time.Duration
	)
	synctest.Test(t, func(t *testing.T) {
		events := make(chan Event)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { agent(events, stop, beats, final) })

		start := time.Now()
		v, err = WaitForVerdict(events, timeout)
		elapsed = time.Since(start)

		close(stop)
		wg.Wait()
	})
	return v, err, elapsed
}

func TestVerdictArrivesInTime(t *testing.T) {
	v, err, elapsed := waitWithAgent(t, 2, &Event{Healthy: true, Detail: "p99 latency 41ms"})

	require.NoError(t, err, "a verdict sent after 9 seconds is within the 10-second timeout")
	assert.Equal(t, Verdict{Healthy: true, Detail: "p99 latency 41ms"}, v,
		"the agent's verdict should be returned as it was sent")
	assert.Equal(t, 9*time.Second, elapsed,
		"the call should return as soon as the verdict arrives (two heartbeats, then the verdict)")
}

func TestSilentAgentTimesOut(t *testing.T) {
	_, err, elapsed := waitWithAgent(t, 0, nil)

	require.ErrorIs(t, err, ErrTimeout, "an agent that says nothing should give ErrTimeout")
	assert.Equal(t, timeout, elapsed, "the call should give up exactly when the timeout has passed")
}

func TestHeartbeatsDoNotExtendTheTimeout(t *testing.T) {
	// The agent is stuck: it keeps saying "still checking" for a whole
	// minute and never gives a verdict.
	_, err, elapsed := waitWithAgent(t, 20, nil)

	require.ErrorIs(t, err, ErrTimeout, "an agent that never gives a verdict should give ErrTimeout")
	assert.Equal(t, timeout, elapsed,
		"the timeout counts from the start of the call: heartbeats must not push it back")
}
