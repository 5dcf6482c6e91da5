// Kata 34: shared writer.
//
// A deploy tool runs the steps of a release in parallel and streams what each
// step prints into one release log, line by line, every line behind the name
// of its step. This is the file to fix: make the tests in kata_test.go pass
// without changing them.
package sharedwriter

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// A Step is one job of a release: a Task or a Remote.
type Step interface {
	name() string
	run(log *syncLog) error
}

// syncLog is the one log that every step writes to. A bytes.Buffer, like most
// io.Writers, is not safe for concurrent use: syncLog lets one step at a time
// write, and holds its lock for a whole line, name and text, so that no
// other step can write into the middle of it.
type syncLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *syncLog) writeLine(tag string, text []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := io.WriteString(l.w, tag); err != nil {
		return err
	}
	if _, err := l.w.Write(text); err != nil {
		return err
	}
	_, err := io.WriteString(l.w, "\n")
	return err
}

// Task is a step that runs in this process. Do writes the step's output to
// out, the way a program writes to its standard output: a line may come in
// several pieces, or several lines in one piece.
type Task struct {
	Name string
	Do   func(out io.Writer) error
}

func (t Task) name() string { return t.Name }

func (t Task) run(log *syncLog) error {
	out := &lineWriter{log: log, tag: t.Name + " | "}
	err := t.Do(out)
	return errors.Join(err, out.flush())
}

// Remote is a step that runs on a build agent: Output is the console stream
// the agent sends back, read to its end.
type Remote struct {
	Name   string
	Output io.Reader
}

func (r Remote) name() string { return r.Name }

func (r Remote) run(log *syncLog) error {
	sc := bufio.NewScanner(r.Output)
	for sc.Scan() {
		if err := log.writeLine(r.Name+" | ", sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// lineWriter cuts what a Task writes into lines and writes every whole line
// to the log behind the task's name.
type lineWriter struct {
	log     *syncLog
	tag     string // the step's name, in front of each line
	pending []byte // the start of a line whose end has not come yet
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.pending = append(w.pending, p...)
	for {
		i := bytes.IndexByte(w.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		if err := w.log.writeLine(w.tag, w.pending[:i]); err != nil {
			return 0, err
		}
		w.pending = append(w.pending[:0], w.pending[i+1:]...)
	}
}

// flush writes the last line of the task when it did not end with a newline.
func (w *lineWriter) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	err := w.log.writeLine(w.tag, w.pending)
	w.pending = nil
	return err
}

// Release runs the steps at the same time, streams their output into log and
// returns once every step has finished, with the errors of those that failed.
func Release(log io.Writer, steps ...Step) error {
	shared := &syncLog{w: log}
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		wg.Go(func() {
			if err := s.run(shared); err != nil {
				errs[i] = fmt.Errorf("step %s: %w", s.name(), err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
