package sharedwriter

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// text is what step name prints on its line i.
func text(name string, i int) string { return fmt.Sprintf("%s output %d of its work", name, i) }

// chatty is a Task that prints n lines in awkward pieces, as programs do: a
// line cut in two, then two lines and the start of a third in one Write.
func chatty(name string, n int) Task {
	return Task{Name: name, Do: func(out io.Writer) error {
		var all strings.Builder
		for i := range n {
			all.WriteString(text(name, i) + "\n")
		}
		s := all.String()
		for len(s) > 0 {
			k := min(len(s), 7+len(s)%53)
			if _, err := io.WriteString(out, s[:k]); err != nil {
				return err
			}
			s = s[k:]
		}
		return nil
	}}
}

// agent is a Remote whose build agent sends n lines.
func agent(name string, n int) Remote {
	var all strings.Builder
	for i := range n {
		all.WriteString(text(name, i) + "\n")
	}
	return Remote{Name: name, Output: strings.NewReader(all.String())}
}

// checkLog asserts that log holds exactly the lines each step printed, in
// the step's order, each one whole and behind its own step's name.
func checkLog(t *testing.T, log string, lines map[string]int) {
	t.Helper()
	require.True(t, strings.HasSuffix(log, "\n"), "the log must end with a whole line")
	next := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		name, rest, ok := strings.Cut(line, " | ")
		_, known := lines[name]
		if !assert.True(t, ok && known, "log line %q does not start with the name of a step", line) {
			return
		}
		if !assert.Equal(t, text(name, next[name]), rest,
			"a line of step %s is not whole: another step's bytes were written into the middle of it; "+
				"a line must reach the log in one piece, with nobody else writing in between", name) {
			return
		}
		next[name]++
	}
	for name, n := range lines {
		assert.Equal(t, n, next[name], "step %s printed %d lines: every one of them must be in the log", name, n)
	}
}

func TestEveryLineOfEveryStepReachesTheLog(t *testing.T) {
	var log bytes.Buffer
	err := Release(&log,
		chatty("build-api", 40), agent("build-web", 40),
		chatty("migrate-db", 40), agent("push-image", 40),
		chatty("run-tests", 40), agent("scan-image", 40),
	)
	require.NoError(t, err, "no step failed")
	checkLog(t, log.String(), map[string]int{
		"build-api": 40, "build-web": 40, "migrate-db": 40,
		"push-image": 40, "run-tests": 40, "scan-image": 40,
	})
}

// Two steps that each wait for the other one to have started: they finish
// only when Release runs them at the same time. The bubble's clock is fake,
// so a step that gives up after a minute does so at once.
func TestStepsRunAtTheSameTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		meet := func(me, other string, mine, theirs chan struct{}) Task {
			return Task{Name: me, Do: func(out io.Writer) error {
				close(mine)
				select {
				case <-theirs:
					fmt.Fprintf(out, "%s\n", text(me, 0))
					return nil
				case <-time.After(time.Minute):
					return fmt.Errorf("%s waited a minute for %s to start", me, other)
				}
			}}
		}
		dbReady, cacheReady := make(chan struct{}), make(chan struct{})
		var log bytes.Buffer
		err := Release(&log,
			meet("migrate-db", "warm-cache", dbReady, cacheReady),
			meet("warm-cache", "migrate-db", cacheReady, dbReady),
		)
		require.NoError(t, err,
			"each step waits for the other to start: the steps ran one after another; "+
				"Release must run them at the same time, serialising the steps is no fix")
		checkLog(t, log.String(), map[string]int{"migrate-db": 1, "warm-cache": 1})
	})
}

// A step prints the start of a line, another step prints whole lines, then
// the first step ends its line: the log still shows that line in one piece.
func TestALineWrittenInPiecesStaysWhole(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lintDone := make(chan struct{})
		var log bytes.Buffer
		err := Release(&log,
			Task{Name: "compile", Do: func(out io.Writer) error {
				io.WriteString(out, text("compile", 0)[:10])
				select {
				case <-lintDone:
				case <-time.After(time.Minute):
					return errors.New("compile waited a minute for lint to print")
				}
				_, err := io.WriteString(out, text("compile", 0)[10:]+"\n")
				return err
			}},
			Task{Name: "lint", Do: func(out io.Writer) error {
				defer close(lintDone)
				_, err := io.WriteString(out, text("lint", 0)+"\n"+text("lint", 1)+"\n")
				return err
			}},
		)
		require.NoError(t, err,
			"compile waits for lint to print: the steps ran one after another; "+
				"Release must run them at the same time, serialising the steps is no fix")
		checkLog(t, log.String(), map[string]int{"compile": 1, "lint": 2})
	})
}

func TestReleaseReportsTheStepsThatFailed(t *testing.T) {
	errDisk := errors.New("disk full")
	errLink := errors.New("agent connection lost")
	var log bytes.Buffer
	err := Release(&log,
		Task{Name: "bundle", Do: func(out io.Writer) error {
			io.WriteString(out, text("bundle", 0)+"\n"+text("bundle", 1)) // no newline at the end
			return errDisk
		}},
		Remote{Name: "deploy", Output: io.MultiReader(
			strings.NewReader(text("deploy", 0)+"\n"), iotest.ErrReader(errLink))},
		chatty("notify", 3),
	)
	assert.ErrorIs(t, err, errDisk, "the error of the failed task is returned")
	assert.ErrorIs(t, err, errLink, "the error of the failed remote step is returned")
	checkLog(t, log.String(), map[string]int{"bundle": 2, "deploy": 1, "notify": 3})
}

// Many steps print many lines at once, on several CPUs.
func TestLinesStayWholeUnderLoad(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}
	const steps, lines = 8, 400
	want := map[string]int{}
	var all []Step
	for s := range steps {
		name := fmt.Sprintf("shard-%d", s)
		want[name] = lines
		all = append(all, Task{Name: name, Do: func(out io.Writer) error {
			for i := range lines {
				if _, err := io.WriteString(out, text(name, i)+"\n"); err != nil {
					return err
				}
			}
			return nil
		}})
	}
	var log bytes.Buffer
	require.NoError(t, Release(&log, all...), "no step failed")
	checkLog(t, log.String(), want)
}
