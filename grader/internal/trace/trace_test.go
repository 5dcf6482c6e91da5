package trace

// The fixtures in testdata/fixtures are the raw output of the packages in testdata/src, run for
// real under -race with a 2-second deadline. Regenerate them with:
//
//	go test ./grader/internal/trace -run TestRecord -record
//
// and the golden parses in testdata/golden with:
//
//	go test ./grader/internal/trace -run TestGolden -update

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/runner"
)

var (
	record = flag.Bool("record", false, "re-record the fixtures from testdata/src")
	update = flag.Bool("update", false, "rewrite the golden files")
)

// Placeholders keep machine paths out of the fixtures.
const (
	rootMark   = "$ROOT"
	gorootMark = "$GOROOT"
)

func repoRoot(t testing.TB) string {
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	return root
}

// Fixture returns a recorded fixture with its paths pointing at this checkout.
func fixture(t testing.TB, name string) string {
	data, err := os.ReadFile(filepath.Join("testdata", "fixtures", name+".out"))
	require.NoError(t, err)
	return strings.ReplaceAll(string(data), rootMark, repoRoot(t))
}

func fixtureNames(t testing.TB) []string {
	entries, err := os.ReadDir(filepath.Join("testdata", "src"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestRecord(t *testing.T) {
	if !*record {
		t.Skip("run with -record to re-record the fixtures")
	}
	root := repoRoot(t)
	var pkgs []runner.Package
	for _, n := range fixtureNames(t) {
		p, err := runner.NewPackage(filepath.Join("testdata", "src", n))
		require.NoError(t, err)
		pkgs = append(pkgs, p)
	}
	built, err := runner.Build(context.Background(), pkgs, runner.BuildOptions{Race: true, OutDir: t.TempDir()})
	require.NoError(t, err)
	for _, b := range built {
		require.NotEmpty(t, b.Binary, "%s: %v", b.Pkg.Dir, b.BuildOutput)
		run, err := runner.RunBinary(context.Background(), b.Binary, b.Pkg.Dir, runner.RunOptions{Timeout: 2 * time.Second})
		require.NoError(t, err)
		out := strings.ReplaceAll(string(run.Output), root, rootMark)
		out = strings.ReplaceAll(out, runtime.GOROOT(), gorootMark)
		name := filepath.Base(b.Pkg.Dir)
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "fixtures", name+".out"), []byte(out), 0o644))
	}
}

// parsed is everything the parsers find in one fixture.
type parsed struct {
	TimedOut   bool
	Races      []Race      `json:",omitempty"`
	Leaks      []Goroutine `json:",omitempty"`
	Panics     []Panic     `json:",omitempty"`
	Goroutines []string    `json:",omitempty"` // "id state top-function" of each dumped goroutine
}

func parseAll(text string) parsed {
	var p parsed
	p.TimedOut, _ = TimedOut(text)
	p.Races = ParseRaces(text)
	p.Leaks = ParseLeaks(text)
	p.Panics = ParsePanics(text)
	for _, g := range ParseGoroutines(text) {
		top := ""
		if len(g.Frames) > 0 {
			top = g.Frames[0].Func
		}
		p.Goroutines = append(p.Goroutines, strings.TrimSpace(strings.Join([]string{g.State, top}, " ")))
	}
	return p
}

func TestGolden(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(parseAll(fixture(t, name)), "", "  ")
			require.NoError(t, err)
			// Golden files hold placeholders, like the fixtures.
			got = []byte(strings.ReplaceAll(string(got), repoRoot(t), rootMark) + "\n")
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

func TestParsersReadTheFixtures(t *testing.T) {
	race := parseAll(fixture(t, "race_map"))
	require.NotEmpty(t, race.Races, "race_map has a data race report")
	r := race.Races[0]
	require.Len(t, r.Accesses, 2)
	assert.True(t, r.Accesses[0].Write || r.Accesses[1].Write, "one side writes")
	assert.NotEmpty(t, r.Created, "creation stacks are read")

	dl := parseAll(fixture(t, "timeout_mutex"))
	assert.True(t, dl.TimedOut)
	assert.Contains(t, dl.Goroutines, "sync.Mutex.Lock internal/sync.runtime_SemacquireMutex")

	st := parseAll(fixture(t, "synctest_deadlock"))
	require.NotEmpty(t, st.Panics)
	assert.Equal(t, "deadlock: all goroutines in bubble are blocked", st.Panics[0].Message)

	lk := parseAll(fixture(t, "goleak_leak"))
	require.NotEmpty(t, lk.Leaks)
	assert.Equal(t, "chan send", lk.Leaks[0].State)
	require.NotNil(t, lk.Leaks[0].CreatedBy)
	assert.Equal(t, "gokatas/grader/internal/trace/testdata/src/goleak_leak.First", lk.Leaks[0].CreatedBy.Func)

	pc := parseAll(fixture(t, "panic_close"))
	require.NotEmpty(t, pc.Panics)
	assert.Equal(t, "close of closed channel", pc.Panics[0].Message)
	require.NotNil(t, pc.Panics[0].Goroutine)

	fu := parseAll(fixture(t, "fatal_unlock"))
	require.NotEmpty(t, fu.Panics)
	assert.True(t, fu.Panics[0].Fatal)
	assert.Equal(t, "sync: unlock of unlocked mutex", fu.Panics[0].Message)

	nc := parseAll(fixture(t, "nil_chan"))
	assert.Contains(t, strings.Join(nc.Goroutines, "\n"), "chan send (nil chan)")
}

func TestParseFailuresTestify(t *testing.T) {
	out := []string{
		"    f_test.go:10: \n",
		"        \tError Trace:\t/x/f_test.go:10\n",
		"        \tError:      \tNot equal: \n",
		"        \t            \texpected: 6\n",
		"        \t            \tactual  : 3\n",
		"        \tTest:       \tTestSum\n",
		"        \tMessages:   \tevery number should be added\n",
		"    f_test.go:12: Sum(nil) = 1\n",
	}
	got := ParseFailures(out)
	require.Len(t, got, 2)
	assert.Equal(t, Failure{File: "f_test.go", Line: 10, Message: "every number should be added\nNot equal:\nexpected: 6\nactual  : 3"}, got[0])
	assert.Equal(t, Failure{File: "f_test.go", Line: 12, Message: "Sum(nil) = 1"}, got[1])
}

func TestParseCompileErrors(t *testing.T) {
	got := ParseCompileErrors([]string{
		"# example.com/m/p [example.com/m/p.test]",
		"p/p.go:3:23: cannot use \"x\" (untyped string constant) as int value in return statement",
		"p/q.go:7:2: declared and not used: x",
	})
	assert.Equal(t, []CompileError{
		{File: "p/p.go", Line: 3, Col: 23, Message: `cannot use "x" (untyped string constant) as int value in return statement`},
		{File: "p/q.go", Line: 7, Col: 2, Message: "declared and not used: x"},
	}, got)
}

func TestFrame(t *testing.T) {
	f := Frame{Func: "example.com/m/katas/15_safe_counter.(*SafeCounter).Inc"}
	assert.Equal(t, "example.com/m/katas/15_safe_counter", f.Package())
	assert.Equal(t, "(*SafeCounter).Inc", f.ShortFunc())
	assert.False(t, f.IsStd())
	assert.True(t, Frame{Func: "sync.(*Mutex).Lock"}.IsStd())
	assert.True(t, Frame{Func: "internal/sync.runtime_SemacquireMutex"}.IsStd())
}

// FuzzParsers feeds arbitrary text to every parser: none may panic.
func FuzzParsers(f *testing.F) {
	entries, _ := os.ReadDir(filepath.Join("testdata", "fixtures"))
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "fixtures", e.Name()))
		if err == nil {
			f.Add(string(data))
		}
	}
	f.Add("goroutine 1 [chan send]:\nmain.main()\n\t/x.go:1 +0x1\ncreated by x in goroutine")
	f.Fuzz(func(t *testing.T, text string) {
		parseAll(text)
		ParseFailures(strings.SplitAfter(text, "\n"))
		ParseCompileErrors(strings.Split(text, "\n"))
	})
}
