package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// RunOptions controls one run of a test binary.
type RunOptions struct {
	Timeout     time.Duration // passed as -test.timeout; the run is stopped at Timeout+Grace
	Grace       time.Duration // extra time before SIGQUIT, then kill (default 1s)
	Args        []string      // extra test flags
	Env         []string      // extra environment, added to the grader's
	OutputLimit int           // bytes of output kept (default 4 MiB)
}

// Run is the outcome of one process.
type Run struct {
	Output []byte // stdout and stderr, merged in order
	// Events is Output converted by the toolchain's test2json: the JSON events of `go test -json`.
	Events    []byte
	Truncated bool // output was cut in the middle
	ExitCode  int
	Killed    bool // still alive after the deadline: stopped by the runner
	Duration  time.Duration
}

// Passed reports whether the process exited 0 on its own.
func (r Run) Passed() bool { return r.ExitCode == 0 && !r.Killed }

// RunBinary runs a test binary once, from dir, under the deadline in opts.
func RunBinary(ctx context.Context, bin, dir string, opts RunOptions) (Run, error) {
	if opts.Grace == 0 {
		opts.Grace = time.Second
	}
	if opts.OutputLimit == 0 {
		opts.OutputLimit = 4 << 20
	}
	args := []string{"-test.v=test2json", "-test.count=1", "-test.paniconexit0"}
	if opts.Timeout > 0 {
		args = append(args, "-test.timeout="+opts.Timeout.String())
	}
	args = append(args, opts.Args...)
	env := append(withoutGORACE(os.Environ()), opts.Env...)
	// Every goroutine in panics, so deadlocks and leaks can be explained; nothing more.
	env = append(env, "GORACE="+gorace(), "GOTRACEBACK=all")
	out := newCapped(opts.OutputLimit)
	if _, err := test2json(); err != nil {
		return Run{}, err // before the run, so that a missing converter costs no run
	}
	start := time.Now()
	var cmd *exec.Cmd
	for attempt := 1; ; attempt++ {
		cmd = exec.Command(bin, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, out, out
		setGroup(cmd)
		err := cmd.Start()
		if err == nil {
			break
		}
		// "text file busy": a child that another goroutine of the grader was forking held
		// the binary open for writing, inherited from a file being written in between fork
		// and exec (golang.org/issue/22315). It passes in moments; the go command retries too.
		if !textFileBusy(err) || attempt == 10 || ctx.Err() != nil {
			return Run{}, fmt.Errorf("starting %s: %w", bin, err)
		}
		time.Sleep(time.Duration(attempt) * 10 * time.Millisecond)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var res Run
	var deadline <-chan time.Time
	if opts.Timeout > 0 {
		t := time.NewTimer(opts.Timeout + opts.Grace)
		defer t.Stop()
		deadline = t.C
	}
	var waitErr error
	select {
	case waitErr = <-done:
	case <-deadline:
		res.Killed = true
		quit(cmd) // ask for a goroutine dump first
		select {
		case waitErr = <-done:
		case <-time.After(opts.Grace / 2):
			killGroup(cmd)
			waitErr = <-done
		}
	case <-ctx.Done():
		killGroup(cmd)
		<-done
		return Run{}, ctx.Err()
	}
	killGroup(cmd) // children the test started, if any
	res.Duration = time.Since(start)
	res.Output, res.Truncated = out.bytes()
	events, err := ConvertOutput(ctx, res.Output)
	if err != nil {
		return res, err
	}
	res.Events = events
	var exitErr *exec.ExitError
	switch {
	case waitErr == nil:
	case errors.As(waitErr, &exitErr):
		res.ExitCode = exitErr.ExitCode()
		if res.ExitCode < 0 {
			res.ExitCode = 128 + 9
		}
	default:
		return res, fmt.Errorf("running %s: %w", bin, waitErr)
	}
	return res, nil
}

// gorace keeps the caller's GORACE options and turns off the one-second sleep at exit.
func gorace() string {
	opts := strings.Fields(os.Getenv("GORACE"))
	var keep []string
	for _, o := range opts {
		if !strings.HasPrefix(o, "atexit_sleep_ms=") {
			keep = append(keep, o)
		}
	}
	return strings.Join(append(keep, "atexit_sleep_ms=0"), " ")
}

func withoutGORACE(env []string) []string {
	out := env[:0:0]
	for _, e := range env {
		if !strings.HasPrefix(e, "GORACE=") && !strings.HasPrefix(e, "GOTRACEBACK=") {
			out = append(out, e)
		}
	}
	return out
}

// capped keeps the first half of its limit and the last half, dropping the middle.
type capped struct {
	mu      sync.Mutex
	limit   int
	head    []byte
	tail    []byte // ring of the last limit/2 bytes once head is full
	dropped int
}

func newCapped(limit int) *capped { return &capped{limit: limit} }

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	if room := c.limit/2 - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	if len(p) > 0 {
		c.tail = append(c.tail, p...)
		if over := len(c.tail) - c.limit/2; over > 0 {
			c.dropped += over
			c.tail = append(c.tail[:0], c.tail[over:]...)
		}
	}
	return n, nil
}

func (c *capped) bytes() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]byte(nil), c.head...)
	if c.dropped > 0 {
		out = append(out, fmt.Sprintf("\n... [%d bytes of output cut] ...\n", c.dropped)...)
	}
	return append(out, c.tail...), c.dropped > 0
}
