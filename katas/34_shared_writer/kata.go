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
	run(log io.Writer) error
}

// Task is a step that runs in this process. Do writes the step's output to
// out, the way a program writes to its standard output: a line may come in
// several pieces, or several lines in one piece.
type Task struct {
	Name string
	Do   func(out io.Writer) error
}

func (t Task) name() string { return t.Name }

func (t Task) run(log io.Writer) error {
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

func (r Remote) run(log io.Writer) error {
	sc := bufio.NewScanner(r.Output)
	for sc.Scan() {
		if _, err := fmt.Fprintf(log, "%s | %s\n", r.Name, sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// lineWriter cuts what a Task writes into lines and writes every whole line
// to the log behind the task's name.
type lineWriter struct {
	log     io.Writer
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
		if err := w.writeLine(string(w.pending[:i+1])); err != nil {
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
	err := w.writeLine(string(w.pending) + "\n")
	w.pending = nil
	return err
}

func (w *lineWriter) writeLine(line string) error {
	if _, err := io.WriteString(w.log, w.tag); err != nil {
		return err
	}
	_, err := io.WriteString(w.log, line)
	return err
}

// Release runs the steps at the same time, streams their output into log and
// returns once every step has finished, with the errors of those that failed.
func Release(log io.Writer, steps ...Step) error {
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		wg.Go(func() {
			if err := s.run(log); err != nil {
				errs[i] = fmt.Errorf("step %s: %w", s.name(), err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
