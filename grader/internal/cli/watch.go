package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/progress"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/verdict"
	"gokatas/grader/internal/watch"
)

// cmdWatch grades the current kata on every save, and moves on when it passes.
func cmdWatch(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "watch", "watch [--poll] [--timeout D] [--explore N]")
	poll := fs.Bool("poll", false, "poll for changes instead of using file notifications (network filesystems)")
	var o gradeOpts
	o.register(fs, 1, "kata")
	o.registerExplore(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	return runWatch(ctx, env, o, *poll)
}

func runWatch(ctx context.Context, env *Env, o gradeOpts, poll bool) error {
	r, err := openRepo(env)
	if err != nil {
		return err
	}
	// Keys: raw mode on a terminal (restored on the way out), plain bytes from a pipe.
	out := env.Stdout
	if f, ok := env.Stdin.(*os.File); ok && env.StdinTTY {
		old, err := term.MakeRaw(int(f.Fd()))
		if err == nil {
			defer term.Restore(int(f.Fd()), old)
			out = crlf{env.Stdout}
		}
	}
	keys := make(chan byte)
	go readKeys(env.Stdin, keys)
	wenv := *env
	wenv.Stdout = out

	// Where to start: the first kata not done, found as the default command does.
	outs, _, err := gradeKatas(ctx, &wenv, r, r.cat.Katas, o, true)
	if err != nil {
		return err
	}
	startAt := len(r.cat.Katas)
	for i, oc := range outs {
		if oc.Report.Verdict != verdict.Pass {
			startAt = i
			break
		}
	}
	var dirs []string
	for _, k := range r.cat.Katas {
		dirs = append(dirs, filepath.Join(r.root, filepath.FromSlash(k.KataDir())))
	}
	c := &watchCourse{env: &wenv, r: r, o: o}
	err = watch.Run(ctx, c, watch.Options{Dirs: dirs, Poll: poll, Keys: keys, Out: out, Start: startAt})
	if err != nil {
		return err
	}
	return nil
}

// readKeys is the one goroutine that reads key presses.
func readKeys(in io.Reader, keys chan<- byte) {
	defer close(keys)
	buf := make([]byte, 1)
	for {
		n, err := in.Read(buf)
		if n == 1 {
			keys <- buf[0]
		}
		if err != nil {
			return
		}
	}
}

// crlf turns \n into \r\n for a terminal in raw mode.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	_, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n")))
	return len(p), err
}

// watchCourse adapts the repository to the watch loop.
type watchCourse struct {
	env *Env
	r   *repo
	o   gradeOpts
}

func (c *watchCourse) Len() int { return len(c.r.cat.Katas) }

func (c *watchCourse) Name(i int) string {
	k := c.r.cat.Katas[i]
	return fmt.Sprintf("%02d %s", k.Order, k.Name)
}

func (c *watchCourse) Grade(ctx context.Context, w io.Writer, i int) (bool, error) {
	k := c.r.cat.Katas[i]
	outs, _, err := gradeKatas(ctx, c.env, c.r, []*kata.Kata{k}, c.o, false)
	if err != nil {
		return false, err
	}
	st := updateProgress(c.env, c.r, func(st *progress.State) { st.Current = k.Name })
	rep := outs[0].Report
	s := c.env.Style
	done := 0
	for _, kk := range c.r.cat.Katas {
		if e := st.Katas[kk.Name]; e != nil && e.Verdict == verdict.Pass {
			done++
		}
	}
	render.Bar(w, s, done, len(c.r.cat.Katas))
	sc := render.Screen{Name: c.Name(i), Title: k.Title, Verdict: rep.Verdict, Findings: rep.Findings,
		Schedule: rep.Schedule, Replay: replayKata(k, rep)}
	if rep.Verdict != verdict.Pass {
		sc.Places = []string{strings.Join(c.r.places(c.env, k, "Read: ", "Edit: ")[:2], "   ")}
		if e := st.Katas[k.Name]; e != nil && e.Failures >= 3 && e.HintsShown < len(k.Hints) {
			sc.Footer = fmt.Sprintf("%d tries so far: press h for a hint.", e.Failures)
		}
	}
	sc.Print(w, s, c.env.source)
	return rep.Verdict == verdict.Pass, nil
}

func (c *watchCourse) Hint(w io.Writer, i int) {
	showHints(c.env, c.r, w, c.r.cat.Katas[i], false)
}

func (c *watchCourse) List(w io.Writer) {
	e := *c.env
	e.Stdout = w
	_ = cmdList(context.Background(), &e, nil)
}
