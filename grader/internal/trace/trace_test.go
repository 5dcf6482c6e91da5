package trace

// The fixtures in testdata/fixtures/<go version> are the output of the packages in testdata/src,
// run for real under -race (norace_* without it) with a 2-second deadline: NAME.out is the
// binary's raw stream (-test.v=test2json) and NAME.jsonl that stream converted by the same toolchain's test2json.
// They are recorded with both supported Go versions; each run records into the folder of the Go
// that runs it:
//
//	go test ./grader/internal/trace -run TestRecord -record
//	GOTOOLCHAIN=go1.27.3 go test ./grader/internal/trace -run TestRecord -record
//
// (add -only NAME,... to record only new or changed fixtures), and the diagnoses of them in
// grader/internal/diagnose/testdata with `go test ./grader/internal/diagnose -update`;
// and the golden parses in testdata/golden/<go version> are rewritten with:
//
//	go test ./grader/internal/trace -run TestGolden -update

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/runner"
	"gokatas/grader/internal/testevent"
)

var (
	record = flag.Bool("record", false, "re-record the fixtures from testdata/src")
	update = flag.Bool("update", false, "rewrite the golden files")
	only   = flag.String("only", "", "with -record: re-record only these fixtures (comma-separated names)")
)

// Placeholders keep machine paths out of the fixtures.
const (
	rootMark   = "$ROOT"
	gorootMark = "$GOROOT"
)

// goVersions are the Go releases the fixtures are recorded with (the supported ones).
var goVersions = []string{"go1.26", "go1.27"}

// thisGo is the release of the running toolchain, as in goVersions.
func thisGo() string {
	v := runtime.Version()
	if parts := strings.SplitN(v, ".", 3); len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

func repoRoot(t testing.TB) string {
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	return root
}

// fixture returns the text of a recorded run (as test2json converted it), with its paths
// pointing at this checkout.
func fixture(t testing.TB, version, name string) string {
	data, err := os.ReadFile(filepath.Join("testdata", "fixtures", version, name+".jsonl"))
	require.NoError(t, err)
	data = []byte(strings.ReplaceAll(string(data), rootMark, repoRoot(t)))
	return testevent.Parse(data).Text()
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
	// Fixtures named norace_* are built without the race detector: they show what the runtime
	// itself prints (a map's own check, for one), which a -race run can print too.
	var race, plain []runner.Package
	for _, n := range fixtureNames(t) {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), n) {
			continue
		}
		p, err := runner.NewPackage(filepath.Join("testdata", "src", n))
		require.NoError(t, err)
		if strings.HasPrefix(n, "norace_") {
			plain = append(plain, p)
		} else {
			race = append(race, p)
		}
	}
	var built []runner.Built
	for _, set := range []struct {
		pkgs []runner.Package
		race bool
	}{{race, true}, {plain, false}} {
		if len(set.pkgs) == 0 {
			continue
		}
		b, err := runner.Build(context.Background(), set.pkgs, runner.BuildOptions{Race: set.race, OutDir: t.TempDir()})
		require.NoError(t, err)
		built = append(built, b...)
	}
	dir := filepath.Join("testdata", "fixtures", thisGo())
	require.NoError(t, os.MkdirAll(dir, 0o755))
	clean := func(b []byte) []byte {
		s := strings.ReplaceAll(string(b), root, rootMark)
		return []byte(strings.ReplaceAll(s, runtime.GOROOT(), gorootMark))
	}
	for _, b := range built {
		require.NotEmpty(t, b.Binary, "%s: %v", b.Pkg.Dir, b.BuildOutput)
		run, err := runner.RunBinary(context.Background(), b.Binary, b.Pkg.Dir, runner.RunOptions{Timeout: 2 * time.Second})
		require.NoError(t, err)
		name := filepath.Base(b.Pkg.Dir)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".out"), clean(run.Output), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".jsonl"), clean(run.Events), 0o644))
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
	for _, version := range goVersions {
		for _, name := range fixtureNames(t) {
			t.Run(version+"/"+name, func(t *testing.T) {
				got, err := json.MarshalIndent(parseAll(fixture(t, version, name)), "", "  ")
				require.NoError(t, err)
				// Golden files hold placeholders, like the fixtures.
				got = []byte(strings.ReplaceAll(string(got), repoRoot(t), rootMark) + "\n")
				path := filepath.Join("testdata", "golden", version, name+".json")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, got, 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, string(want), string(got))
			})
		}
	}
}

func TestParsersReadTheFixtures(t *testing.T) {
	for _, version := range goVersions {
		t.Run(version, func(t *testing.T) { parsersReadTheFixtures(t, version) })
	}
}

func parsersReadTheFixtures(t *testing.T, version string) {
	race := parseAll(fixture(t, version, "race_map"))
	require.NotEmpty(t, race.Races, "race_map has a data race report")
	r := race.Races[0]
	require.Len(t, r.Accesses, 2)
	assert.True(t, r.Accesses[0].Write || r.Accesses[1].Write, "one side writes")
	assert.NotEmpty(t, r.Created, "creation stacks are read")

	dl := parseAll(fixture(t, version, "timeout_mutex"))
	assert.True(t, dl.TimedOut)
	assert.Contains(t, dl.Goroutines, "sync.Mutex.Lock internal/sync.runtime_SemacquireMutex")

	st := parseAll(fixture(t, version, "synctest_deadlock"))
	require.NotEmpty(t, st.Panics)
	assert.Equal(t, "deadlock: all goroutines in bubble are blocked", st.Panics[0].Message)

	lk := parseAll(fixture(t, version, "goleak_leak"))
	require.NotEmpty(t, lk.Leaks)
	assert.Equal(t, "chan send", lk.Leaks[0].State)
	require.NotNil(t, lk.Leaks[0].CreatedBy)
	assert.Equal(t, "gokatas/grader/internal/trace/testdata/src/goleak_leak.First", lk.Leaks[0].CreatedBy.Func)

	pc := parseAll(fixture(t, version, "panic_close"))
	require.NotEmpty(t, pc.Panics)
	assert.Equal(t, "close of closed channel", pc.Panics[0].Message)
	require.NotNil(t, pc.Panics[0].Goroutine)

	fu := parseAll(fixture(t, version, "fatal_unlock"))
	require.NotEmpty(t, fu.Panics)
	assert.True(t, fu.Panics[0].Fatal)
	assert.Equal(t, "sync: unlock of unlocked mutex", fu.Panics[0].Message)

	nc := parseAll(fixture(t, version, "nil_chan"))
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
	for long, short := range map[string]string{
		"gokatas/katas/42_order_violation.TestFirstVisitorGetsTheConfiguredGreeting.func1.(*Greeter).Start.1": "(*Greeter).Start.1",
		"gokatas/katas/27_echo_stats.(*Stats).Middleware-fm.(*Stats).Middleware.func1":                        "(*Stats).Middleware.func1",
		"gokatas/katas/27_echo_stats.(*Stats).Middleware-fm":                                                  "(*Stats).Middleware-fm",
		"example.com/m.TestX.func1.2": "TestX.func1.2",
		"main.main":                   "main",
	} {
		assert.Equal(t, short, Frame{Func: long}.ShortFunc(), "Go 1.26 names %s", long)
	}
	assert.False(t, f.IsStd())
	assert.True(t, Frame{Func: "sync.(*Mutex).Lock"}.IsStd())
	assert.True(t, Frame{Func: "internal/sync.runtime_SemacquireMutex"}.IsStd())
}

// FuzzParsers feeds arbitrary text to every parser: none may panic.
func FuzzParsers(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*", "*.out"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
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

// TestWindowsPaths: on Windows, Go prints file:line with a drive letter and backslashes.
func TestWindowsPaths(t *testing.T) {
	gs := ParseGoroutines("goroutine 7 [chan send]:\n" +
		"example.com/m/katas/05_x.Boot(...)\n" +
		"\tC:\\Users\\Ada Lovelace\\katas\\katas\\05_x\\kata.go:21 +0x1d\n" +
		"created by example.com/m/katas/05_x.Start in goroutine 6\n" +
		"\tC:\\Users\\Ada Lovelace\\katas\\katas\\05_x\\kata.go:19 +0x5f\n")
	require.Len(t, gs, 1)
	require.Len(t, gs[0].Frames, 1)
	assert.Equal(t, `C:\Users\Ada Lovelace\katas\katas\05_x\kata.go`, gs[0].Frames[0].File)
	assert.Equal(t, 21, gs[0].Frames[0].Line)
	require.NotNil(t, gs[0].CreatedBy)
	assert.Equal(t, 19, gs[0].CreatedBy.Line)

	errs := ParseCompileErrors([]string{`katas\05_x\kata.go:3:23: undefined: y`})
	assert.Equal(t, []CompileError{{File: `katas\05_x\kata.go`, Line: 3, Col: 23, Message: "undefined: y"}}, errs)

	fs := ParseFailures([]string{"    kata_test.go:34: every sensor must be read\n"})
	require.Len(t, fs, 1)
	assert.Equal(t, "kata_test.go", fs[0].File)
}
