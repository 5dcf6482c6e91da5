package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Course is what the loop needs from the grader: how many katas there are, how to grade one,
// and how to show things. Index is the position of a kata in the course.
type Course interface {
	Len() int
	// Grade grades kata i and reports whether it passes. It prints its verdict to w.
	Grade(ctx context.Context, w io.Writer, i int) (passed bool, err error)
	Hint(w io.Writer, i int)
	List(w io.Writer)
	Name(i int) string
}

// Options configures the loop.
type Options struct {
	Dirs     []string      // directories to watch (each kata folder)
	Poll     bool          // poll file times instead of using notifications
	Interval time.Duration // polling interval (default 300ms)
	Debounce time.Duration // quiet time after a change before grading (default 60ms)
	Keys     <-chan byte   // key presses, or nil
	Out      io.Writer     // written by the loop and by a running grading at once (a terminal is fine)
	Start    int           // the kata to start with
}

// ErrWatchFailed means file notifications could not be set up.
var ErrWatchFailed = errors.New("watching files failed")

const help = "[h] hint  [l] list  [n] next kata  [r] re-run  [q] quit"

type result struct {
	seq    int
	passed bool
	err    error
}

// Run runs the loop until q, Ctrl-C, the end of the course, or ctx is done.
func Run(ctx context.Context, c Course, o Options) error {
	if o.Interval == 0 {
		o.Interval = 300 * time.Millisecond
	}
	if o.Debounce == 0 {
		o.Debounce = 60 * time.Millisecond
	}
	changes, stop, err := watchFiles(o)
	if err != nil {
		return err
	}
	defer stop()

	cur := o.Start
	seq := 0
	results := make(chan result, 1)
	var cancel context.CancelFunc = func() {}
	running := false
	start := func() {
		cancel()
		if running {
			<-results // wait for the cancelled grading: its processes are gone when it returns
		}
		seq++
		var gctx context.Context
		gctx, cancel = context.WithCancel(ctx)
		running = true
		fmt.Fprintf(o.Out, "\n── grading %s ──\n", c.Name(cur))
		go func(seq, i int) {
			passed, err := c.Grade(gctx, o.Out, i)
			results <- result{seq, passed, err}
		}(seq, cur)
	}
	defer func() {
		cancel()
		if running {
			<-results
		}
	}()

	if cur >= c.Len() {
		fmt.Fprintln(o.Out, "Every kata passes: there is nothing left to watch.")
		return nil
	}
	start()
	var debounce <-chan time.Time
	keys := o.Keys
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-changes:
			debounce = time.After(o.Debounce)
		case <-debounce:
			debounce = nil
			start()
		case r := <-results:
			running = false
			if r.seq != seq {
				continue
			}
			if r.err != nil {
				if errors.Is(r.err, context.Canceled) {
					continue
				}
				return r.err
			}
			if r.passed {
				cur++
				if cur >= c.Len() {
					fmt.Fprintln(o.Out, "\nEvery kata passes. Well done!")
					return nil
				}
				fmt.Fprintf(o.Out, "\nOn to the next kata: %s\n", c.Name(cur))
				start()
				continue
			}
			fmt.Fprintf(o.Out, "\nWaiting for you to save a file in katas/ ...  %s\n", help)
		case k, ok := <-keys:
			if !ok {
				keys = nil // input closed: keep watching files
				continue
			}
			switch k {
			case 'q', 3, 4: // q, Ctrl-C, Ctrl-D
				fmt.Fprintln(o.Out, "bye")
				return nil
			case 'h':
				c.Hint(o.Out, cur)
			case 'l':
				c.List(o.Out)
			case 'n':
				if cur+1 < c.Len() {
					cur++
					start()
				}
			case 'r':
				start()
			}
		}
	}
}

// watchFiles returns a channel that receives a value on every change of a .go file in dirs.
func watchFiles(o Options) (<-chan struct{}, func(), error) {
	if o.Poll {
		return poll(o.Dirs, o.Interval)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, nil, fmt.Errorf("%w (%v): try 'go run ./grader watch --poll'", ErrWatchFailed, err)
	}
	for _, d := range o.Dirs {
		if err := w.Add(d); err != nil {
			w.Close()
			return nil, nil, fmt.Errorf("%w on %s (%v): try 'go run ./grader watch --poll'", ErrWatchFailed, d, err)
		}
	}
	out := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if relevant(ev.Name) && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) != 0 {
					notify(out)
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			}
		}
	}()
	return out, func() { w.Close(); <-done }, nil
}

// relevant keeps Go sources, not editors' swap and backup files.
func relevant(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, ".go") && !strings.HasPrefix(base, ".") && !strings.HasPrefix(base, "#")
}

func notify(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default: // a change is already pending
	}
}

// poll compares modification times and sizes of the .go files in dirs every interval.
func poll(dirs []string, interval time.Duration) (<-chan struct{}, func(), error) {
	out := make(chan struct{}, 1)
	quit := make(chan struct{})
	done := make(chan struct{})
	snapshot := func() map[string]string {
		m := map[string]string{}
		for _, d := range dirs {
			files, _ := filepath.Glob(filepath.Join(d, "*.go"))
			for _, f := range files {
				if st, err := os.Stat(f); err == nil {
					m[f] = fmt.Sprint(st.ModTime().UnixNano(), st.Size())
				}
			}
		}
		return m
	}
	last := snapshot()
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				now := snapshot()
				if !sameSnapshot(last, now) {
					notify(out)
				}
				last = now
			}
		}
	}()
	return out, func() { close(quit); <-done }, nil
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
