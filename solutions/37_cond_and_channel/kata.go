// Kata 37: a condition variable meets a channel.
//
// A monitoring agent samples the load of a host and streams the readings
// to a dashboard. It calibrates first: the first reading is the baseline,
// and it must be the first sample the dashboard sees. Health checks and the
// dashboard wait until the agent reports itself ready; readiness is a piece
// of state guarded by a mutex, with a sync.Cond to wait for it. This is the
// file to fix: make the tests in kata_test.go pass without changing them.
package condandchannel

import "sync"

// Sample is one reading of the host's load. Seq 0 is the baseline.
type Sample struct {
	Seq  int
	Load float64
}

// Agent collects load samples.
type Agent struct {
	probe   func() float64
	samples chan Sample

	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

// NewAgent returns an agent that reads the load with probe.
func NewAgent(probe func() float64) *Agent {
	a := &Agent{probe: probe, samples: make(chan Sample)}
	a.cond = sync.NewCond(&a.mu)
	return a
}

// Samples is the stream of readings, baseline first. It is closed after
// the last one.
func (a *Agent) Samples() <-chan Sample { return a.samples }

// Start launches the collector, which takes n samples and then stops.
func (a *Agent) Start(n int) {
	go a.collect(n)
}

// WaitReady blocks until the agent has calibrated and is ready.
func (a *Agent) WaitReady() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for !a.ready {
		a.cond.Wait()
	}
}

// Ready reports whether the agent is ready, without waiting.
func (a *Agent) Ready() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ready
}

func (a *Agent) collect(n int) {
	defer close(a.samples)

	baseline := Sample{Seq: 0, Load: a.probe()}

	// Announce readiness before the first send. The readers only start
	// draining the channel once they are woken, so a send made before the
	// Broadcast would wait for them while they wait for it. The baseline is
	// still the first sample on the channel.
	a.mu.Lock()
	a.ready = true
	a.cond.Broadcast()
	a.mu.Unlock()

	a.samples <- baseline
	for seq := 1; seq < n; seq++ {
		a.samples <- Sample{Seq: seq, Load: a.probe()}
	}
}
