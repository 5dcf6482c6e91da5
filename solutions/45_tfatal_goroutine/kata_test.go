package tfatalgoroutine

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recordingTB stands in for the *testing.T that a test suite would pass to
// CheckAll. It records the failures instead of failing the real test, and,
// like the real one, its Fatal and FailNow end the calling goroutine with
// runtime.Goexit.
type recordingTB struct {
	testing.TB // everything else goes to the real test

	mu       sync.Mutex
	failed   bool
	messages []string
	fatals   int
}

func (r *recordingTB) record(msg string, fatal bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	if msg != "" {
		r.messages = append(r.messages, msg)
	}
	if fatal {
		r.fatals++
	}
}

func (r *recordingTB) Helper()                        {}
func (r *recordingTB) Fail()                          { r.record("", false) }
func (r *recordingTB) Error(args ...any)              { r.record(fmt.Sprint(args...), false) }
func (r *recordingTB) Errorf(format string, a ...any) { r.record(fmt.Sprintf(format, a...), false) }
func (r *recordingTB) FailNow()                       { r.record("", true); runtime.Goexit() }
func (r *recordingTB) Fatal(args ...any)              { r.record(fmt.Sprint(args...), true); runtime.Goexit() }
func (r *recordingTB) Fatalf(format string, a ...any) {
	r.record(fmt.Sprintf(format, a...), true)
	runtime.Goexit()
}
func (r *recordingTB) Log(args ...any) { r.note(fmt.Sprint(args...)) }
func (r *recordingTB) Logf(format string, a ...any) {
	r.note(fmt.Sprintf(format, a...))
}

// note records a logged message: it is part of the report, but does not fail.
func (r *recordingTB) note(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, msg)
}
func (r *recordingTB) Failed() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }
func (r *recordingTB) report() (msgs string, fatals int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.messages, "\n"), r.fatals
}

var errNoAt = errors.New("no @ in address")

func validEmail(s string) error {
	if !strings.Contains(s, "@") {
		return errNoAt
	}
	return nil
}

// runCheckAll calls CheckAll the way a test function would, and tells
// whether CheckAll returned normally (false when it ended the goroutine).
func runCheckAll(rec *recordingTB, inputs []string, checked *atomic.Int32) (returned bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		CheckAll(rec, inputs, func(s string) error {
			checked.Add(1)
			return validEmail(s)
		})
		returned = true
	}()
	<-done
	return returned
}

func TestCheckAllPasses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recordingTB{TB: t}
		var checked atomic.Int32
		inputs := []string{"ada@example.com", "bob@example.com", "cy@example.com"}

		returned := runCheckAll(rec, inputs, &checked)

		assert.True(t, returned, "CheckAll returns when every check passes")
		assert.False(t, rec.Failed(), "no check failed, so the test must not be marked as failed")
		assert.EqualValues(t, len(inputs), checked.Load(), "every input is checked")
	})
}

func TestCheckAllReportsEveryBadInput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recordingTB{TB: t}
		var checked atomic.Int32
		inputs := []string{"ada@example.com", "bob", "cy@example.com", "dee", "eve@example.com"}

		returned := runCheckAll(rec, inputs, &checked)

		assert.True(t, rec.Failed(), "two inputs are bad, so the test must be marked as failed")
		assert.EqualValues(t, len(inputs), checked.Load(), "every input is checked, even after a failure")
		msgs, fatals := rec.report()
		for _, bad := range []string{`"bob"`, `"dee"`} {
			assert.Contains(t, msgs, bad, "the failure report names every bad input")
		}
		if fatals > 0 {
			assert.False(t, returned,
				"CheckAll called t.Fatal, so the test must stop there; but t.Fatal only "+
					"ended the goroutine it ran in, and the test went on as if nothing had happened")
		}
	})
}

func TestCheckAllRunsTheChecksInParallel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recordingTB{TB: t}
		inputs := []string{"ada@example.com", "bob@example.com", "cy@example.com", "dee@example.com"}

		// Each check is slow (it asks a mail server) and ends only when
		// the test lets it.
		var inFlight atomic.Int32
		release := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			CheckAll(rec, inputs, func(s string) error {
				inFlight.Add(1)
				<-release
				return validEmail(s)
			})
		}()
		synctest.Wait() // every check that can start has started
		running := inFlight.Load()
		close(release)
		<-done

		assert.EqualValues(t, len(inputs), running,
			"the checks do not run in parallel: only %d of %d were running at once, so every slow check holds up all the others", running, len(inputs))
		assert.False(t, rec.Failed(), "every input is valid")
	})
}
