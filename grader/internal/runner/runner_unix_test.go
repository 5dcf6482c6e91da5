//go:build unix

package runner

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fixturePkg(t *testing.T, name string) Package {
	p, err := NewPackage(filepath.Join("..", "trace", "testdata", "src", name))
	require.NoError(t, err)
	return p
}

func TestBuildOnceRunMany(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	pkgs := []Package{fixturePkg(t, "panic_close"), fixturePkg(t, "hang_spin")}
	built, err := Build(context.Background(), pkgs, BuildOptions{Race: true, OutDir: t.TempDir()})
	require.NoError(t, err)
	require.Len(t, built, 2)
	for _, b := range built {
		require.NotEmpty(t, b.Binary, "one invocation builds both binaries")
	}

	// A panicking binary exits non-zero on its own; the output is kept.
	r, err := RunBinary(context.Background(), built[0].Binary, built[0].Pkg.Dir, RunOptions{Timeout: 5 * time.Second})
	require.NoError(t, err)
	assert.False(t, r.Passed())
	assert.False(t, r.Killed)
	assert.Contains(t, string(r.Output), "close of closed channel")

	// A spinning binary is stopped at its deadline, with Go's own timeout report.
	start := time.Now()
	r, err = RunBinary(context.Background(), built[1].Binary, built[1].Pkg.Dir, RunOptions{Timeout: 500 * time.Millisecond})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 500*time.Millisecond+2*time.Second, "diagnosed within the deadline plus 2s")
	assert.False(t, r.Passed())
	assert.Contains(t, string(r.Output), "panic: test timed out after 500ms")
}

func TestBuildFailureIsAttributed(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"good/g.go":      "package good\n",
		"good/g_test.go": "package good\nimport \"testing\"\nfunc TestG(t *testing.T) {}\n",
		"bad/b.go":       "package bad\nfunc F() int { return \"x\" }\n",
		"bad/b_test.go":  "package bad\nimport \"testing\"\nfunc TestB(t *testing.T) { F() }\n",
		"none/n.go":      "package none\n",
	})
	var pkgs []Package
	for _, d := range []string{"good", "bad", "none"} {
		p, err := NewPackage(filepath.Join(dir, d))
		require.NoError(t, err)
		pkgs = append(pkgs, p)
	}
	built, err := Build(context.Background(), pkgs, BuildOptions{OutDir: t.TempDir()})
	require.NoError(t, err)
	assert.NotEmpty(t, built[0].Binary)
	assert.True(t, built[1].Failed)
	assert.Contains(t, strings.Join(built[1].BuildOutput, "\n"), `bad/b.go:2:23: cannot use "x"`)
	assert.True(t, built[2].NoTests)
}

func TestNoGo(t *testing.T) {
	old := GoCommand
	GoCommand = "no-such-go-command"
	defer func() { GoCommand = old }()
	_, err := Build(context.Background(), nil, BuildOptions{})
	assert.ErrorIs(t, err, ErrNoGo)
}

func TestNotAModule(t *testing.T) {
	_, err := NewPackage(t.TempDir())
	assert.ErrorContains(t, err, "is not inside a Go module")
}

func TestKillGroupLeavesNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process groups are a unix feature")
	}
	// A process that starts a child and hangs: after the deadline, both are gone.
	script := filepath.Join(t.TempDir(), "fork.sh")
	writeFile(t, script, "#!/bin/sh\nsleep 60 &\necho $! > \"$0.child\"\nsleep 60\n")
	r, err := RunBinary(context.Background(), script, t.TempDir(), RunOptions{Timeout: 200 * time.Millisecond, Grace: 200 * time.Millisecond})
	require.NoError(t, err)
	assert.True(t, r.Killed)
	child := strings.TrimSpace(readFile(t, script+".child"))
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc to look at the child")
	}
	// SIGKILL is delivered asynchronously: the child is gone, or a zombie (Z: dead, waiting to
	// be reaped), once the kernel has acted on it.
	assert.Eventually(t, func() bool {
		stat, err := os.ReadFile("/proc/" + child + "/stat")
		if err != nil {
			return true
		}
		// "pid (comm) S ...".
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		return len(fields) > 0 && fields[0] == "Z"
	}, 5*time.Second, 10*time.Millisecond, "child %s is still alive", child)
}

func TestGORACE(t *testing.T) {
	t.Setenv("GORACE", "halt_on_error=1 atexit_sleep_ms=500")
	assert.Equal(t, "halt_on_error=1 atexit_sleep_ms=0", gorace())
}

func TestCappedKeepsHeadAndTail(t *testing.T) {
	c := newCapped(10)
	c.Write([]byte("0123456789abcdefghij"))
	out, cut := c.bytes()
	assert.True(t, cut)
	assert.Equal(t, "01234\n... [10 bytes of output cut] ...\nfghij", string(out))
}
