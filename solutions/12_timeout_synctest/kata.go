// Kata 12: timeout_synctest.
//
// This is the file to fix. A deploy tool rolls a new release out to one
// canary server first, then waits for the canary's health agent to report a
// verdict before rolling out everywhere else. While the agent is still
// checking, it sends heartbeats.
package timeoutsynctest

import (
	"errors"
	"time"
)

// ErrTimeout is returned when no verdict arrived in time.
var ErrTimeout = errors.New("canary verdict timed out")

// ErrAgentGone is returned when the agent closed its stream without a verdict.
var ErrAgentGone = errors.New("canary agent went away")

// Event is one message from the canary's health agent: either a heartbeat
// ("still checking") or the final verdict.
type Event struct {
	Heartbeat bool
	Healthy   bool
	Detail    string
}

// Verdict is the agent's final word on the canary.
type Verdict struct {
	Healthy bool
	Detail  string
}

// WaitForVerdict reads events until the agent's verdict arrives and returns
// it. The deploy must not stall: WaitForVerdict returns ErrTimeout once
// timeout has passed since it was called, whatever the agent is sending.
func WaitForVerdict(events <-chan Event, timeout time.Duration) (Verdict, error) {
	// One timer for the whole call, started once: every pass through the
	// loop waits on the same deadline.
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()

	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return Verdict{}, ErrAgentGone
			}
			if ev.Heartbeat {
				continue
			}
			return Verdict{Healthy: ev.Healthy, Detail: ev.Detail}, nil
		case <-deadline.C:
			return Verdict{}, ErrTimeout
		}
	}
}
