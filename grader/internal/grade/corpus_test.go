package grade

// The diagnosis evaluation: every package of grader/testdata/corpus is diagnosed at --runs 1
// and --runs 10, and the detection rate is printed per bug class, with false positives on the
// correct programs. Run it with:
//
//	make eval-diagnose    (go test ./grader/internal/grade -run TestCorpus -corpus -v)

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/verdict"
)

var corpus = flag.Bool("corpus", false, "evaluate the diagnosis on grader/testdata/corpus")

type want struct {
	dir, class, kind, file string
	verdict                verdict.Verdict
	lines                  [][2]int // the bug's lines in file: from-to ranges
}

// parseLines reads "23, 41-43" into ranges.
func parseLines(t *testing.T, v string) [][2]int {
	var out [][2]int
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, found := strings.Cut(part, "-")
		a, err := strconv.Atoi(from)
		require.NoError(t, err, "line %q", v)
		b := a
		if found {
			b, err = strconv.Atoi(to)
			require.NoError(t, err, "line %q", v)
		}
		out = append(out, [2]int{a, b})
	}
	return out
}

// near reports whether line n is within three lines of one of the ranges.
func near(rs [][2]int, n int) bool {
	for _, r := range rs {
		if r[0]-3 <= n && n <= r[1]+3 {
			return true
		}
	}
	return false
}

func loadCorpus(t *testing.T) []want {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*", "*", "want.txt"))
	require.NoError(t, err)
	var ws []want
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		w := want{dir: filepath.Dir(p)}
		for _, line := range strings.Split(string(data), "\n") {
			k, v, _ := strings.Cut(line, ":")
			v = strings.TrimSpace(v)
			switch strings.TrimSpace(k) {
			case "class":
				w.class = v
			case "kind":
				w.kind = v
			case "verdict":
				w.verdict = verdict.Verdict(v)
			case "file":
				w.file = v
			case "line":
				w.lines = parseLines(t, v)
			}
		}
		require.NotEmpty(t, w.kind, p)
		if w.kind != "correct" {
			require.NotEmpty(t, w.lines, "%s: a buggy entry declares the bug's line(s)", p)
		}
		ws = append(ws, w)
	}
	return ws
}

var kinds = map[string][]verdict.Verdict{
	"blocking":    {verdict.Deadlock, verdict.Leak, verdict.Hang},
	"nonblocking": {verdict.Race, verdict.Panic, verdict.Fail, verdict.Vet},
	"correct":     {verdict.Pass},
}

// detected: the verdict is of the right kind and a location is in the buggy file.
func detected(w want, r diagnose.Report) bool {
	ok := false
	for _, v := range kinds[w.kind] {
		if r.Verdict == v {
			ok = true
		}
	}
	if !ok || w.kind == "correct" {
		return ok
	}
	for _, f := range r.Findings {
		for _, l := range f.Locations {
			if filepath.Base(l.File) == w.file {
				return true
			}
		}
	}
	return false
}

func TestCorpus(t *testing.T) {
	if !*corpus {
		t.Skip("run with -corpus (make eval-diagnose)")
	}
	ws := loadCorpus(t)
	var targets []Target
	for _, w := range ws {
		targets = append(targets, Target{Dir: w.dir})
	}
	results := map[int][]diagnose.Report{}
	for _, runs := range []int{1, 10} {
		start := time.Now()
		outs, err := Run(context.Background(), targets, Options{Race: true, Runs: runs, Timeout: 3 * time.Second})
		require.NoError(t, err)
		for _, o := range outs {
			results[runs] = append(results[runs], o.Report)
		}
		t.Logf("--runs %d: %d packages diagnosed in %s", runs, len(outs), time.Since(start).Round(time.Second))
	}

	type tally struct{ n, at1, at10, exact10 int }
	byClass := map[string]*tally{}
	byKind := map[string]*tally{}
	var misses []string
	for i, w := range ws {
		for _, key := range []struct {
			m map[string]*tally
			k string
		}{{byClass, w.kind + ": " + w.class}, {byKind, w.kind}} {
			tl := key.m[key.k]
			if tl == nil {
				tl = &tally{}
				key.m[key.k] = tl
			}
			tl.n++
			if detected(w, results[1][i]) {
				tl.at1++
			}
			if detected(w, results[10][i]) {
				tl.at10++
			}
			if results[10][i].Verdict == w.verdict {
				tl.exact10++
			}
		}
		if r := results[10][i]; !detected(w, r) {
			summary := ""
			if len(r.Findings) > 0 {
				summary = r.Findings[0].Summary
			}
			misses = append(misses, fmt.Sprintf("%s (%s, want %s in %s): got %s %q", filepath.Base(w.dir), w.class, w.verdict, w.file, r.Verdict, summary))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-52s %5s %9s %10s %14s\n", "class", "bugs", "--runs 1", "--runs 10", "exact verdict")
	keys := make([]string, 0, len(byClass))
	for k := range byClass {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		tl := byClass[k]
		fmt.Fprintf(&b, "%-52s %5d %9d %10d %14d\n", k, tl.n, tl.at1, tl.at10, tl.exact10)
	}
	fmt.Fprintln(&b)
	for _, k := range []string{"blocking", "nonblocking", "correct"} {
		tl := byKind[k]
		if tl == nil {
			continue
		}
		label := "detected (right kind, location in the buggy file)"
		if k == "correct" {
			label = "passing (no false positive)"
		}
		fmt.Fprintf(&b, "%-12s %2d packages: --runs 1 %5.1f%%, --runs 10 %5.1f%% %s\n", k, tl.n,
			100*float64(tl.at1)/float64(tl.n), 100*float64(tl.at10)/float64(tl.n), label)
	}
	for _, m := range misses {
		fmt.Fprintf(&b, "miss at --runs 10: %s\n", m)
	}
	b.WriteString(locationFigures(t, ws, results[10]))
	t.Log(b.String())
}

// firstLocation is the first location of the finding that gave the report its verdict.
func firstLocation(r diagnose.Report) (diagnose.Location, bool) {
	for _, f := range r.Findings {
		k := f.Kind
		if k == verdict.Assertion {
			k = verdict.Fail
		}
		if k == r.Verdict && len(f.Locations) > 0 {
			return f.Locations[0], true
		}
	}
	return diagnose.Location{}, false
}

// locationFigures says, per declared verdict, how often the first location of a failing
// diagnosis is in a non-test file of the package, and how often it is on the line the entry
// declares (within three lines). It fails the test if any location names a file or line that
// does not exist, or if fewer than 95% of the first locations are at the declared line.
func locationFigures(t *testing.T, ws []want, reports []diagnose.Report) string {
	type tally struct{ n, code, at int }
	by := map[verdict.Verdict]*tally{}
	all := &tally{}
	var off []string
	for i, w := range ws {
		r := reports[i]
		for _, f := range r.Findings {
			for _, l := range f.Locations {
				data, err := os.ReadFile(onDisk(l.File))
				if assert.NoError(t, err, "%s: a location names a file that does not exist", w.dir) {
					assert.LessOrEqual(t, l.Line, strings.Count(string(data), "\n")+1, "%s: %s:%d is past the end of the file", w.dir, l.File, l.Line)
				}
				assert.NotEqual(t, diagnose.AddedFile, filepath.Base(l.File), "%s: the grader's own file named as a location", w.dir)
			}
		}
		if w.kind == "correct" || r.Verdict == verdict.Pass {
			continue
		}
		tl := by[w.verdict]
		if tl == nil {
			tl = &tally{}
			by[w.verdict] = tl
		}
		for _, x := range []*tally{tl, all} {
			x.n++
		}
		l, ok := firstLocation(r)
		if !ok {
			off = append(off, fmt.Sprintf("%s: no location", filepath.Base(w.dir)))
			continue
		}
		dir, _ := filepath.Abs(w.dir)
		inPkg := filepath.Dir(onDisk(l.File)) == dir
		if inPkg && !strings.HasSuffix(l.File, "_test.go") {
			tl.code++
			all.code++
		}
		if inPkg && filepath.Base(l.File) == w.file && near(w.lines, l.Line) {
			tl.at++
			all.at++
		} else {
			off = append(off, fmt.Sprintf("%s: first location %s:%d (%s), declared %s %v", filepath.Base(w.dir), filepath.Base(l.File), l.Line, l.Role, w.file, w.lines))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nfirst location of each failing diagnosis (--runs 10):\n%-10s %5s %22s %24s\n", "verdict", "runs", "in a non-test file", "at the declared line")
	pct := func(a, n int) string { return fmt.Sprintf("%d (%.0f%%)", a, 100*float64(a)/float64(max(n, 1))) }
	keys := slices.Sorted(maps.Keys(by))
	for _, k := range keys {
		tl := by[k]
		fmt.Fprintf(&b, "%-10s %5d %22s %24s\n", k, tl.n, pct(tl.code, tl.n), pct(tl.at, tl.n))
	}
	fmt.Fprintf(&b, "%-10s %5d %22s %24s\n", "all", all.n, pct(all.code, all.n), pct(all.at, all.n))
	for _, o := range off {
		fmt.Fprintf(&b, "not at the declared line: %s\n", o)
	}
	assert.GreaterOrEqual(t, 100*all.at, 95*all.n, "fewer than 95% of the failing diagnoses put their first location at the declared line")
	return b.String()
}

// onDisk is the absolute path of a location's file (shown as is, or relative to the repository).
func onDisk(file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	abs, _ := filepath.Abs(filepath.Join("..", "..", "..", file))
	return abs
}
