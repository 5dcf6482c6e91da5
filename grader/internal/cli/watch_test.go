package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/render"
)

// output is a buffer that lets a test wait for text to appear.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newOutput() *output { return &output{changed: make(chan struct{}, 1)} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	select {
	case o.changed <- struct{}{}:
	default:
	}
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor blocks until the output contains want, failing after a generous bound.
func (o *output) waitFor(t *testing.T, want string) {
	t.Helper()
	bound := time.After(2 * time.Minute)
	for !strings.Contains(o.String(), want) {
		select {
		case <-o.changed:
		case <-bound:
			t.Fatalf("output never showed %q; it is:\n%s", want, o.String())
		}
	}
}

// courseRepo lays out the two-kata course of testdata/script/progress.txtar in a temp dir.
func courseRepo(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join("testdata", "script", "progress.txtar"))
	require.NoError(t, err)
	dir := t.TempDir()
	for _, f := range txtar.Parse(data).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, f.Data, 0o644))
	}
	return dir
}

// saveByRename replaces a file the way many editors do: write a temporary file, rename it over.
func saveByRename(t *testing.T, from, to string) {
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	tmp := filepath.Join(filepath.Dir(to), ".kata.go.swp")
	require.NoError(t, os.WriteFile(tmp, data, 0o644))
	require.NoError(t, os.Rename(tmp, to))
}

func TestWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("grades real katas")
	}
	for _, poll := range []bool{false, true} {
		name := "notify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			dir := courseRepo(t)
			keysR, keysW := io.Pipe()
			out := newOutput()
			env := &Env{Stdin: keysR, Stdout: out, Stderr: out, Getenv: func(string) string { return "" }, Dir: dir, Style: render.Style{}}
			done := make(chan error, 1)
			go func() { done <- runWatch(context.Background(), env, gradeOpts{timeout: DefaultTimeout, runs: 1}, poll) }()

			out.waitFor(t, "Waiting for you to save")
			require.Contains(t, out.String(), "01 counter A counter without a lock: data race")

			// A key press: the next hint.
			_, err := keysW.Write([]byte("h"))
			require.NoError(t, err)
			out.waitFor(t, "Hint 1/3: one")

			// Saving the fix (by rename, as editors do) grades again and moves on.
			saveByRename(t, filepath.Join(dir, "fixed", "counter.go"), filepath.Join(dir, "katas", "01_counter", "kata.go"))
			out.waitFor(t, "01 counter A counter without a lock: passes")
			out.waitFor(t, "On to the next kata: 02 logger")
			out.waitFor(t, "02 logger A send nobody receives: deadlock")

			_, err = keysW.Write([]byte("q"))
			require.NoError(t, err)
			require.NoError(t, <-done)
			keysW.Close()
			require.Contains(t, out.String(), "bye")
		})
	}
}

// A grader started with no input (CI, `< /dev/null`) must grade once, not wait for keys:
// /dev/null is a character device, not a terminal.
func TestDevNullIsNotATerminal(t *testing.T) {
	f, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer f.Close()
	require.False(t, isTerminal(f))
}
