// Package rarestopafterexit is a batch worker that squares the jobs it is given until the
// job channel is closed or it is stopped.
package rarestopafterexit

import "sync/atomic"

// Worker processes jobs in its own goroutine.
type Worker struct {
	jobs    <-chan int
	results chan int
	quit    chan struct{}
	running atomic.Bool
}

// Start starts a worker on jobs.
func Start(jobs <-chan int) *Worker {
	w := &Worker{jobs: jobs, results: make(chan int), quit: make(chan struct{})}
	w.running.Store(true)
	go w.loop()
	return w
}

func (w *Worker) loop() {
	for {
		select {
		case j, ok := <-w.jobs:
			if !ok {
				close(w.results)
				w.running.Store(false)
				return
			}
			w.results <- j * j
		case <-w.quit:
			close(w.results)
			w.running.Store(false)
			return
		}
	}
}

// Results is closed when the worker stops.
func (w *Worker) Results() <-chan int { return w.results }

// Stop stops the worker if it is still running.
func (w *Worker) Stop() {
	if w.running.Load() {
		w.quit <- struct{}{}
	}
}
