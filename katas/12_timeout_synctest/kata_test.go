package timeoutsynctest

import (
	"runtime"
	"strings"
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

// agent plays the canary's health agent: it sends a heartbeat every interval,
// beats times in all, then the final event if there is one. It gives up as
// soon as stop is closed.
func agent(events chan<- Event, stop <-chan struct{}, interval time.Duration, beats int, final *Event) {
	ticker := time.NewTicker(interval)
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

// goroutines returns the stack of every goroutine, by id.
func goroutines() map[string]string {
	buf := make([]byte, 1<<16)
	buf = buf[:runtime.Stack(buf, true)]
	ids := map[string]string{}
	for _, stack := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(stack, "\n")
		id, _, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " ")
		ids[id] = stack
	}
	return ids
}

// waitWithAgent runs WaitForVerdict against a fake agent that beats every 3
// seconds, with the 10-second timeout.
func waitWithAgent(t *testing.T, beats int, final *Event) (Verdict, error, time.Duration) {
	t.Helper()
	return waitWith(t, timeout, 3*time.Second, beats, final)
}

// waitWith runs WaitForVerdict against a fake agent, inside a synctest bubble
// where time is fake, and reports how much (fake) time the call took. Once the
// call has returned and the agent has gone, no goroutine may be left.
func waitWith(t *testing.T, timeout, interval time.Duration, beats int, final *Event) (Verdict, error, time.Duration) {
	t.Helper()
	var (
		v       Verdict
		err     error
		elapsed time.Duration
	)
	synctest.Test(t, func(t *testing.T) {
		before := goroutines()
		events := make(chan Event)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { agent(events, stop, interval, beats, final) })

		start := time.Now()
		v, err = WaitForVerdict(events, timeout)
		elapsed = time.Since(start)

		close(stop)
		wg.Wait()
		synctest.Wait()
		var left []string
		for id, stack := range goroutines() {
			if _, ok := before[id]; !ok {
				left = append(left, stack)
			}
		}
		assert.Empty(t, left,
			"WaitForVerdict left a goroutine behind (still waiting for its timer): it must clean up before it returns")
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

func TestAnotherTimeoutAndBeat(t *testing.T) {
	// A faster agent and a shorter timeout: the deadline is the caller's,
	// whatever the rhythm of the heartbeats.
	_, err, elapsed := waitWith(t, 7*time.Second, time.Second, 30, nil)

	require.ErrorIs(t, err, ErrTimeout, "an agent that never gives a verdict should give ErrTimeout")
	assert.Equal(t, 7*time.Second, elapsed,
		"the timeout counts from the start of the call: heartbeats must not push it back, nor cut it short")
}

func TestVerdictJustBeforeTheDeadline(t *testing.T) {
	// Six heartbeats a second apart, then the verdict at 7s: within a 7.5s timeout.
	v, err, elapsed := waitWith(t, 7500*time.Millisecond, time.Second, 6, &Event{Healthy: false, Detail: "error rate 3%"})

	require.NoError(t, err, "a verdict sent after 7 seconds is within the 7.5-second timeout")
	assert.Equal(t, Verdict{Healthy: false, Detail: "error rate 3%"}, v,
		"the agent's verdict should be returned as it was sent")
	assert.Equal(t, 7*time.Second, elapsed, "the call should return as soon as the verdict arrives")
}
