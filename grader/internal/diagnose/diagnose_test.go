package diagnose

// Inputs are the trace package's fixtures, recorded with each supported Go version (see its test
// file for the commands). The golden findings in testdata/ are refreshed with:
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

	"gokatas/grader/internal/testevent"
	"gokatas/grader/internal/trace"
	"gokatas/grader/internal/verdict"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func root(t *testing.T) string {
	r, err := filepath.Abs("../../..")
	require.NoError(t, err)
	return r
}

var goVersions = []string{"go1.26", "go1.27"}

// diagnoseFixture diagnoses a run of testdata/src/<name> recorded with the given Go version, as
// if it had just happened.
func diagnoseFixture(t *testing.T, version, name string) (verdict.Verdict, []Finding) {
	data, err := os.ReadFile(filepath.Join("..", "trace", "testdata", "fixtures", version, name+".jsonl"))
	require.NoError(t, err)
	r := root(t)
	out := strings.ReplaceAll(string(data), "$ROOT", r)
	pkg := filepath.Join(r, "grader", "internal", "trace", "testdata", "src", name)
	src := &Source{PkgDir: pkg, Display: func(abs string) string {
		rel, _ := filepath.Rel(r, abs)
		return filepath.ToSlash(rel)
	}}
	fs := Run(src, Process{ExitCode: 1}, testevent.Parse([]byte(out)), 2*time.Second)
	return VerdictOf(fs), fs
}

func TestFixtures(t *testing.T) {
	want := map[string]verdict.Verdict{
		"race_map":          verdict.Race,
		"timeout_mutex":     verdict.Deadlock,
		"synctest_deadlock": verdict.Deadlock,
		"synctest_leak":     verdict.Leak,
		"goleak_leak":       verdict.Leak,
		"panic_close":       verdict.Panic,
		"fatal_unlock":      verdict.Panic,
		"negative_wg":       verdict.Panic,
		"testify_fail":      verdict.Fail,
		"hang_spin":         verdict.Hang,
		"nil_chan":          verdict.Deadlock,
		// Diagnoses of code nobody here wrote: each fixture reproduces one way a diagnosis went wrong.
		"helper_pkg":         verdict.Fail,
		"leakcheck_injected": verdict.Race,
		"interface_method":   verdict.Fail,
		"lock_parent":        verdict.Deadlock,
		"select_empty":       verdict.Deadlock,
		"race_atomic":        verdict.Race,
		"os_exit":            verdict.Exit,
		"timer_wait":         verdict.Hang,
		"chan_unfed":         verdict.Deadlock,
		"norace_map_fatal":   verdict.Race,
	}
	for name, verdict := range want {
		for _, version := range goVersions {
			t.Run(version+"/"+name, func(t *testing.T) {
				got, fs := diagnoseFixture(t, version, name)
				assert.Equal(t, verdict, got)
				data, err := json.MarshalIndent(fs, "", "  ")
				require.NoError(t, err)
				path := filepath.Join("testdata", version, name+".json")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, append(data, '\n'), 0o644))
				}
				golden, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, string(golden), string(data)+"\n")
			})
		}
	}
}

// TestSameExplanationOnBothVersions: where a run's outcome does not depend on the schedule, the
// diagnosis of a run recorded with Go 1.26 and of one recorded with Go 1.27 are the same.
func TestSameExplanationOnBothVersions(t *testing.T) {
	for _, name := range []string{"testify_fail", "panic_close", "negative_wg", "synctest_deadlock", "synctest_leak", "goleak_leak", "nil_chan", "timeout_mutex",
		"helper_pkg", "interface_method", "lock_parent", "select_empty", "timer_wait", "chan_unfed"} {
		t.Run(name, func(t *testing.T) {
			_, a := diagnoseFixture(t, goVersions[0], name)
			_, b := diagnoseFixture(t, goVersions[1], name)
			assert.Equal(t, a, b)
		})
	}
}

func TestFindingsPointAtTheBuggyFile(t *testing.T) {
	cases := []struct {
		name, file, summary, pattern string
		line                         int
	}{
		{"race_map", "m.go", "data race on map c.v", "", 7},
		{"norace_map_fatal", "d.go", "data race on map d.inFlight: write at d.go:10 in (*Dispatcher).Start", "", 10},
		{"timeout_mutex", "m.go", "the test did not finish within 2s", "two locks taken in opposite orders", 13}, // the first lock, still held
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
			_, fs := diagnoseFixture(t, goVersions[0], c.name)
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

func TestMapOperand(t *testing.T) {
	assert.Equal(t, "d.inFlight", mapOperand("delete(d.inFlight, id)"))
	assert.Equal(t, "d.inFlight", mapOperand("d.inFlight[id] = name"))
	assert.Equal(t, "seen", mapOperand("for k := range seen {"))
	assert.Equal(t, "", mapOperand("a[k] = b[k]"), "two candidates: say none")
	assert.Equal(t, "", mapOperand("x++"))
}

func TestSharedName(t *testing.T) {
	assert.Equal(t, "c.v", sharedName("c.v[key]++", "return c.v[key]"))
	assert.Equal(t, "total", sharedName("total += x", "return total"))
	assert.Equal(t, "c.n", sharedName("atomic.AddInt64(&c.n, 1)", "return c.n"))
	assert.Equal(t, "", sharedName("a = 1", "b = 2"))
}

func TestPassingRunHasNoFindings(t *testing.T) {
	src := &Source{PkgDir: t.TempDir()}
	fs := Run(src, Process{}, testevent.Parse([]byte(`{"Action":"run","Test":"TestA"}
{"Action":"pass","Test":"TestA"}
{"Action":"pass"}`)), time.Second)
	assert.Empty(t, fs)
	assert.Equal(t, verdict.Pass, VerdictOf(fs))
}

func TestUnrecognisedFailureIsStillAFailure(t *testing.T) {
	src := &Source{PkgDir: t.TempDir()}
	fs := Run(src, Process{ExitCode: 2}, testevent.Parse([]byte("something odd\n")), time.Second)
	require.Len(t, fs, 1)
	assert.Equal(t, verdict.Fail, fs[0].Kind)
	assert.Contains(t, fs[0].Message, "something odd")
}

// TestEveryLocationExists: in every fixture's diagnosis, on both versions, each location names
// a line of a file on disk, never the file the grader adds to a package.
func TestEveryLocationExists(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "trace", "testdata", "src"))
	require.NoError(t, err)
	for _, version := range goVersions {
		for _, e := range entries {
			_, fs := diagnoseFixture(t, version, e.Name())
			for _, f := range fs {
				for _, l := range f.Locations {
					where := version + "/" + e.Name() + ": " + l.File
					assert.NotEqual(t, AddedFile, filepath.Base(l.File), where)
					data, err := os.ReadFile(filepath.Join(root(t), l.File))
					if assert.NoError(t, err, where) {
						assert.LessOrEqual(t, l.Line, strings.Count(string(data), "\n")+1, where)
					}
				}
			}
		}
	}
}

// A race inside a standard library value's methods is named by that value, not by a token
// that the two calling lines happen to share.
func TestStdValue(t *testing.T) {
	d := &diag{src: &Source{PkgDir: "/m/p"}}
	user := trace.Frame{Func: "example.com/m/p.(*lineWriter).writeLine", File: "/m/p/kata.go", Line: 95}
	frames := []trace.Frame{
		{Func: "runtime.slicecopy", File: "/go/src/runtime/slice.go"},
		{Func: "bytes.growSlice", File: "/go/src/bytes/buffer.go"},
		{Func: "bytes.(*Buffer).grow", File: "/go/src/bytes/buffer.go"},
		{Func: "bytes.(*Buffer).WriteString", File: "/go/src/bytes/buffer.go"},
		{Func: "io.WriteString", File: "/go/src/io/io.go"},
		user,
	}
	assert.Equal(t, "bytes.Buffer", d.stdValue(frames))
	assert.Equal(t, "", d.stdValue([]trace.Frame{user}), "the learner's own code touched the memory")
	assert.Equal(t, "", d.stdValue([]trace.Frame{{Func: "fmt.Fprintf", File: "/go/src/fmt/print.go"}, user}), "no method: no value to name")
}
