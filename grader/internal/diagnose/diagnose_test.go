package diagnose

// Inputs are the trace package's recorded fixtures (regenerate them with
// `go test ./grader/internal/trace -run TestRecord -record`). The golden findings in
// testdata/ are refreshed with:
//
//	go test ./grader/internal/diagnose -update

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/runner"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func root(t *testing.T) string {
	r, err := filepath.Abs("../../..")
	require.NoError(t, err)
	return r
}

// diagnoseFixture diagnoses a recorded run of testdata/src/<name> as if it had just happened.
func diagnoseFixture(t *testing.T, name string) (string, []Finding) {
	data, err := os.ReadFile(filepath.Join("..", "trace", "testdata", "fixtures", name+".out"))
	require.NoError(t, err)
	r := root(t)
	out := strings.ReplaceAll(string(data), "$ROOT", r)
	pkg := filepath.Join(r, "grader", "internal", "trace", "testdata", "src", name)
	src := &Source{PkgDir: pkg, Display: func(abs string) string {
		rel, _ := filepath.Rel(r, abs)
		return filepath.ToSlash(rel)
	}}
	fs := Run(src, runner.Run{Output: []byte(out), ExitCode: 1}, 2*time.Second)
	return VerdictOf(fs), fs
}

func TestFixtures(t *testing.T) {
	want := map[string]string{
		"race_map":          Race,
		"timeout_mutex":     Deadlock,
		"synctest_deadlock": Deadlock,
		"synctest_leak":     Leak,
		"goleak_leak":       Leak,
		"panic_close":       Panic,
		"fatal_unlock":      Panic,
		"negative_wg":       Panic,
		"testify_fail":      Fail,
		"hang_spin":         Hang,
		"nil_chan":          Deadlock,
	}
	for name, verdict := range want {
		t.Run(name, func(t *testing.T) {
			got, fs := diagnoseFixture(t, name)
			assert.Equal(t, verdict, got)
			data, err := json.MarshalIndent(fs, "", "  ")
			require.NoError(t, err)
			path := filepath.Join("testdata", name+".json")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, append(data, '\n'), 0o644))
			}
			golden, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(golden), string(data)+"\n")
		})
	}
}

func TestFindingsPointAtTheBuggyFile(t *testing.T) {
	cases := []struct {
		name, file, summary, pattern string
		line                         int
	}{
		{"race_map", "m.go", "data race on map c.v", "", 7},
		{"timeout_mutex", "m.go", "the test did not finish within 2s", "two locks taken in opposite orders", 16},
		{"synctest_deadlock", "d.go", "all goroutines of the test are blocked", "a receive nobody sends to", 7},
		{"synctest_leak", "l.go", "goroutines it started are still blocked", "a select that waits forever", 6},
		{"goleak_leak", "l.go", "goroutine leak", "a send nobody receives", 7},
		{"panic_close", "p.go", "panic: close of closed channel", "", 6},
		{"fatal_unlock", "u.go", "fatal error: sync: unlock of unlocked mutex", "", 6},
		{"negative_wg", "w.go", "panic: sync: negative WaitGroup counter", "", 12},
		{"nil_chan", "n.go", "blocked forever", "an operation on a nil channel", 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, fs := diagnoseFixture(t, c.name)
			require.NotEmpty(t, fs)
			f := fs[0]
			assert.Contains(t, f.Summary, c.summary)
			assert.Contains(t, f.Pattern, c.pattern)
			require.NotEmpty(t, f.Locations)
			assert.Equal(t, c.file, filepath.Base(f.Locations[0].File), "first location is in the buggy file")
			assert.Equal(t, c.line, f.Locations[0].Line)
		})
	}
}

func TestSharedName(t *testing.T) {
	assert.Equal(t, "c.v", sharedName("c.v[key]++", "return c.v[key]"))
	assert.Equal(t, "total", sharedName("total += x", "return total"))
	assert.Equal(t, "c.n", sharedName("atomic.AddInt64(&c.n, 1)", "return c.n"))
	assert.Equal(t, "", sharedName("a = 1", "b = 2"))
}

func TestPassingRunHasNoFindings(t *testing.T) {
	src := &Source{PkgDir: t.TempDir()}
	fs := Run(src, runner.Run{Output: []byte("\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16PASS\n")}, time.Second)
	assert.Empty(t, fs)
	assert.Equal(t, Pass, VerdictOf(fs))
}

func TestUnrecognisedFailureIsStillAFailure(t *testing.T) {
	src := &Source{PkgDir: t.TempDir()}
	fs := Run(src, runner.Run{Output: []byte("something odd\n"), ExitCode: 2}, time.Second)
	require.Len(t, fs, 1)
	assert.Equal(t, Fail, fs[0].Kind)
	assert.Contains(t, fs[0].Message, "something odd")
}
