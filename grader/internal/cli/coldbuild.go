package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"gokatas/grader/internal/runner"
)

// coldBuildMessage is what the learner reads while Go builds the race runtime for the first time.
const coldBuildMessage = "first run with %s: Go is compiling its race-enabled standard library once; this usually takes one to two minutes"

// coldBuildNotice returns the grade.Options.ColdBuild hook: on a terminal a line that counts
// the seconds, updated in place; elsewhere one line. It writes to stderr, so that --json and
// --junit output stays clean.
func coldBuildNotice(env *Env) func() func() {
	return func() func() {
		version := runner.GoVersion()
		w := env.Stderr
		if !isTerminal(w) {
			fmt.Fprintf(w, "grader: "+coldBuildMessage+"\n", version)
			return func() {}
		}
		return tickLine(w, fmt.Sprintf(coldBuildMessage, version), time.Second)
	}
}

// tickLine prints text followed by the elapsed time, again every interval, until the returned
// function is called; then it clears the line.
func tickLine(w io.Writer, text string, interval time.Duration) func() {
	start := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	print := func() {
		e := time.Since(start).Truncate(time.Second)
		fmt.Fprintf(w, "\r\x1b[K%s … %d:%02d", text, int(e.Minutes()), int(e.Seconds())%60)
	}
	print()
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				print()
			}
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			wg.Wait()
			fmt.Fprintf(w, "\r\x1b[K")
		})
	}
}
