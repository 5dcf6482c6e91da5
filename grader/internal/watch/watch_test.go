package watch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is an Out that the loop and a grading may write to at once, as a terminal is.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fakeCourse grades with grade, and sends each graded kata's index on graded.
type fakeCourse struct {
	names  []string
	grade  func(ctx context.Context, i, call int) (bool, error)
	graded chan int

	mu    sync.Mutex
	calls int
	hints []int
	lists int
}

func newCourse(grade func(ctx context.Context, i, call int) (bool, error), names ...string) *fakeCourse {
	return &fakeCourse{names: names, grade: grade, graded: make(chan int, 100)}
}

func (c *fakeCourse) Len() int          { return len(c.names) }
func (c *fakeCourse) Name(i int) string { return c.names[i] }
func (c *fakeCourse) List(w io.Writer) {
	c.mu.Lock()
	c.lists++
	c.mu.Unlock()
	io.WriteString(w, "the list\n")
}
func (c *fakeCourse) Hint(w io.Writer, i int) {
	c.mu.Lock()
	c.hints = append(c.hints, i)
	c.mu.Unlock()
	io.WriteString(w, "a hint\n")
}

func (c *fakeCourse) Grade(ctx context.Context, w io.Writer, i int) (bool, error) {
	c.mu.Lock()
	c.calls++
	call := c.calls
	c.mu.Unlock()
	passed, err := c.grade(ctx, i, call)
	c.graded <- i
	return passed, err
}

func passAll(context.Context, int, int) (bool, error) { return true, nil }
func failAll(context.Context, int, int) (bool, error) { return false, nil }

// loop runs Run on a goroutine of the bubble and returns its error channel.
func loop(ctx context.Context, c Course, o Options) <-chan error {
	done := make(chan error, 1)
	go func() { done <- Run(ctx, c, o) }()
	return done
}

func TestPassingKatasLeadToTheNextUntilTheEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCourse(passAll, "first", "second", "third")
		out := &lockedBuffer{}
		require.NoError(t, <-loop(t.Context(), c, Options{Dirs: []string{t.TempDir()}, Poll: true, Out: out}))
		assert.Equal(t, []int{0, 1, 2}, []int{<-c.graded, <-c.graded, <-c.graded})
		assert.Contains(t, out.String(), "On to the next kata: second")
		assert.Contains(t, out.String(), "On to the next kata: third")
		assert.Contains(t, out.String(), "Every kata passes. Well done!")
	})
}

func TestNothingLeftToWatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCourse(passAll, "only")
		out := &lockedBuffer{}
		require.NoError(t, <-loop(t.Context(), c, Options{Dirs: []string{t.TempDir()}, Poll: true, Out: out, Start: 1}))
		assert.Contains(t, out.String(), "there is nothing left to watch")
		assert.Zero(t, c.calls, "nothing is graded")
	})
}

func TestKeys(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCourse(failAll, "first", "second")
		keys := make(chan byte)
		out := &lockedBuffer{}
		done := loop(t.Context(), c, Options{Dirs: []string{t.TempDir()}, Poll: true, Out: out, Keys: keys})
		assert.Equal(t, 0, <-c.graded)
		synctest.Wait()
		assert.Contains(t, out.String(), "Waiting for you to save a file")

		keys <- 'h'
		keys <- 'l'
		keys <- 'r'
		assert.Equal(t, 0, <-c.graded, "r grades the same kata again")
		keys <- 'n'
		assert.Equal(t, 1, <-c.graded, "n moves on to the next kata")
		keys <- 'n' // there is no next kata: nothing happens
		keys <- 'h'
		keys <- 'q'
		require.NoError(t, <-done)
		assert.Equal(t, []int{0, 1}, c.hints, "each hint is for the current kata")
		assert.Equal(t, 1, c.lists)
		assert.Equal(t, 3, c.calls)
		assert.True(t, strings.HasSuffix(out.String(), "bye\n"))
	})
}

// A saved file grades the kata again, once the editor has stopped writing (the debounce).
func TestASavedFileRegrades(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "kata.go")
		require.NoError(t, os.WriteFile(file, []byte("package kata\n"), 0o644))
		c := newCourse(func(_ context.Context, _, call int) (bool, error) { return call == 2, nil }, "only")
		out := &lockedBuffer{}
		done := loop(t.Context(), c, Options{Dirs: []string{dir}, Poll: true, Out: out})
		assert.Equal(t, 0, <-c.graded)
		start := time.Now()
		require.NoError(t, os.WriteFile(file, []byte("package kata // fixed\n"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, ".kata.go.swp"), []byte("x"), 0o644)) // ignored
		assert.Equal(t, 0, <-c.graded, "the change is graded")
		require.NoError(t, <-done, "the kata passes: the course is done")
		assert.Equal(t, 2, c.calls)
		// The poll finds the change within one interval, then the debounce waits.
		assert.Less(t, time.Since(start), 300*time.Millisecond+60*time.Millisecond+time.Millisecond)
	})
}

// A new grading cancels the one still running, and only the new one's verdict counts: here the
// old one, cancelled, still says "passed", and the new one says "failed".
func TestANewGradingCancelsTheRunningOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var first context.Context
		c := newCourse(func(ctx context.Context, _, call int) (bool, error) {
			if call == 1 {
				first = ctx
				<-ctx.Done() // a long grading
				return true, nil
			}
			return false, nil
		}, "only", "next")
		keys := make(chan byte)
		out := &lockedBuffer{}
		done := loop(t.Context(), c, Options{Dirs: []string{t.TempDir()}, Poll: true, Out: out, Keys: keys})
		synctest.Wait() // the first grading is running
		keys <- 'r'
		assert.Equal(t, 0, <-c.graded)
		assert.ErrorIs(t, first.Err(), context.Canceled, "the first grading was cancelled")
		assert.Equal(t, 0, <-c.graded)
		synctest.Wait()
		assert.NotContains(t, out.String(), "On to the next kata", "the cancelled grading's verdict does not count")
		assert.Contains(t, out.String(), "Waiting for you to save a file")
		keys <- 'q'
		require.NoError(t, <-done)
		assert.Equal(t, 2, c.calls)
	})
}

func TestAGradingErrorEndsTheLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		broken := errors.New("the go command was not found")
		c := newCourse(func(context.Context, int, int) (bool, error) { return false, broken }, "only")
		err := <-loop(t.Context(), c, Options{Dirs: []string{t.TempDir()}, Poll: true, Out: &lockedBuffer{}})
		assert.ErrorIs(t, err, broken)
	})
}

// When the keyboard goes away (stdin closed), the loop keeps watching files until it is stopped.
func TestClosedKeysKeepWatching(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCourse(failAll, "only")
		keys := make(chan byte)
		close(keys)
		ctx, stop := context.WithCancel(t.Context())
		done := loop(ctx, c, Options{Dirs: []string{t.TempDir()}, Poll: true, Out: &lockedBuffer{}, Keys: keys})
		<-c.graded
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("the loop ended when the keys did: %v", err)
		default:
		}
		stop()
		require.NoError(t, <-done)
	})
}

func TestRelevant(t *testing.T) {
	assert.True(t, relevant("/k/kata.go"))
	assert.False(t, relevant("/k/.kata.go.swp"))
	assert.False(t, relevant("/k/#kata.go#"))
	assert.False(t, relevant("/k/notes.txt"))
}
