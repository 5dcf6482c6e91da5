package grade

// The diagnosis evaluation: every package of grader/testdata/corpus is diagnosed in six modes,
// 1, 5 and 10 runs each without and with schedule exploration, and the detection rate is
// printed per bug class and per kind (the rare_ entries, whose bug needs an unlucky
// interleaving, on lines of their own), with the false positives on the correct programs in
// every mode. Run it with:
//
//	make eval-diagnose    (go test ./grader/internal/grade -run TestCorpus -corpus -v)
//
// A mode with exploration costs the same number of runs as the plain mode beside it: N runs
// are one plain run and N-1 perturbed ones (Options{Runs: 1, Explore: N-1}), and a single run
// is one perturbed run (Options{Runs: 0, Explore: 1}). No mode has a time budget: a budget is
// shared by every package of a grading, so what it buys a package would depend on how many
// others are still passing and on the machine. -corpus-match limits the evaluation to the
// entries whose directory name matches a regular expression (-corpus-match '^rare_'). The six
// modes over the whole corpus took about four and a half minutes on two cores (go1.26.8).

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/verdict"
)

var (
	corpus      = flag.Bool("corpus", false, "evaluate the diagnosis on grader/testdata/corpus")
	corpusMatch = flag.String("corpus-match", "", "with -corpus: only the entries whose directory name matches this regular expression")
)

type want struct {
	dir, class, kind, file string
	verdict                verdict.Verdict
	rare                   bool     // rare: yes: the bug shows only under a rare interleaving
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
			case "rare":
				w.rare = v == "yes"
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

// mode is one way of diagnosing the corpus.
type mode struct {
	name    string
	explore bool
	runs    int // runs in all, plain and perturbed
}

func (m mode) options() Options {
	o := Options{Race: true, Runs: m.runs, Timeout: 3 * time.Second}
	if m.explore {
		o.Runs, o.Explore = 1, m.runs-1 // one plain run, the others perturbed
		if m.runs == 1 {
			o.Runs, o.Explore = 0, 1 // the one run is perturbed
		}
	}
	return o
}

var modes = []mode{
	{"plain 1", false, 1}, {"plain 5", false, 5}, {"plain 10", false, 10},
	{"explore 1", true, 1}, {"explore 5", true, 5}, {"explore 10", true, 10},
}

func TestCorpus(t *testing.T) {
	if !*corpus {
		t.Skip("run with -corpus (make eval-diagnose)")
	}
	ws := loadCorpus(t)
	if *corpusMatch != "" {
		re, err := regexp.Compile(*corpusMatch)
		require.NoError(t, err)
		ws = slices.DeleteFunc(ws, func(w want) bool { return !re.MatchString(filepath.Base(w.dir)) })
		require.NotEmpty(t, ws, "no entry matches -corpus-match %q", *corpusMatch)
	}
	var targets []Target
	for _, w := range ws {
		targets = append(targets, Target{Dir: w.dir})
	}
	results := make([][]diagnose.Report, len(modes))
	for mi, m := range modes {
		start := time.Now()
		outs, err := Run(context.Background(), targets, m.options())
		require.NoError(t, err)
		for _, o := range outs {
			results[mi] = append(results[mi], o.Report)
		}
		t.Logf("%s: %d packages diagnosed in %s", m.name, len(outs), time.Since(start).Round(time.Second))
	}
	plain10, explore10 := results[2], results[5]

	type tally struct {
		n, exact10 int
		det        []int // per mode
	}
	newTally := func() *tally { return &tally{det: make([]int, len(modes))} }
	byClass := map[string]*tally{}
	byKind := map[string]*tally{}
	var misses []string
	falsePos := make([][]string, len(modes))
	for i, w := range ws {
		group := w.kind
		if w.rare {
			group += " rare_"
		} else {
			group += " other"
		}
		for _, key := range []struct {
			m map[string]*tally
			k string
		}{{byClass, w.kind + ": " + w.class}, {byKind, group}, {byKind, w.kind + " all"}} {
			tl := key.m[key.k]
			if tl == nil {
				tl = newTally()
				key.m[key.k] = tl
			}
			tl.n++
			for mi := range modes {
				if detected(w, results[mi][i]) {
					tl.det[mi]++
				}
			}
			if plain10[i].Verdict == w.verdict {
				tl.exact10++
			}
		}
		for mi := range modes {
			if w.kind == "correct" && !detected(w, results[mi][i]) {
				falsePos[mi] = append(falsePos[mi], fmt.Sprintf("%s (%s)", filepath.Base(w.dir), results[mi][i].Verdict))
			}
		}
		for _, x := range []struct {
			name string
			r    diagnose.Report
		}{{"plain 10", plain10[i]}, {"explore 10", explore10[i]}} {
			if r := x.r; !detected(w, r) {
				summary := ""
				if len(r.Findings) > 0 {
					summary = r.Findings[0].Summary
				}
				misses = append(misses, fmt.Sprintf("miss at %s: %s (%s, want %s in %s): got %s %q", x.name, filepath.Base(w.dir), w.class, w.verdict, w.file, r.Verdict, summary))
			}
		}
	}
	var b strings.Builder
	header := func(first string, width int) {
		fmt.Fprintf(&b, "\n%-*s %5s", width, first, "n")
		for _, m := range modes {
			fmt.Fprintf(&b, " %10s", m.name)
		}
	}
	header("class", 52)
	fmt.Fprintf(&b, " %14s\n", "exact (pl. 10)")
	keys := slices.Sorted(maps.Keys(byClass))
	for _, k := range keys {
		tl := byClass[k]
		fmt.Fprintf(&b, "%-52s %5d", k, tl.n)
		for _, d := range tl.det {
			fmt.Fprintf(&b, " %10d", d)
		}
		fmt.Fprintf(&b, " %14d\n", tl.exact10)
	}
	b.WriteString("\nper kind: detected (right kind, location in the buggy file); correct: passing (no false positive)")
	header("kind", 20)
	b.WriteString("\n")
	for _, k := range []string{"blocking", "nonblocking", "correct"} {
		for _, g := range []string{"other", "rare_", "all"} {
			tl := byKind[k+" "+g]
			if tl == nil {
				continue
			}
			fmt.Fprintf(&b, "%-20s %5d", k+" "+g, tl.n)
			for _, d := range tl.det {
				fmt.Fprintf(&b, " %9.0f%%", 100*float64(d)/float64(tl.n))
			}
			b.WriteString("\n")
		}
	}
	for mi, m := range modes {
		fmt.Fprintf(&b, "false positives, %s: %d %v\n", m.name, len(falsePos[mi]), falsePos[mi])
	}
	for _, m := range misses {
		b.WriteString(m + "\n")
	}
	b.WriteString(locationFigures(t, "plain 10", ws, plain10))
	b.WriteString(locationFigures(t, "explore 10", ws, explore10))
	b.WriteString(budgetAndReplay(t, ws))
	t.Log(b.String())
}

// exploreBudget is the budget of the search on each rare_ entry: diagnose --explore's default.
const exploreBudget = 30 * time.Second

// budgetAndReplay diagnoses each rare_ entry alone as `grader diagnose --runs 1 --explore`
// does (one plain run, then perturbed runs until one fails or the budget is spent), then
// replays the failing run's seed ten times as `--seed S --runs 10` does, and says how many of
// the replays failed. Every correct rare_ entry gets the same search and must pass it.
func budgetAndReplay(t *testing.T, ws []want) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nrare_ entries, each alone: 1 plain run, then perturbed runs until a failure or %s; the failing seed replayed 10 times\n", exploreBudget)
	fmt.Fprintf(&b, "%-34s %-10s %9s %8s %10s %s\n", "entry", "verdict", "runs", "time", "replays", "schedule")
	found, bugs := 0, 0
	for _, w := range ws {
		if !w.rare {
			continue
		}
		start := time.Now()
		outs, err := Run(context.Background(), []Target{{Dir: w.dir}}, Options{Race: true, Runs: 1, Budget: exploreBudget, Timeout: 3 * time.Second})
		require.NoError(t, err)
		r := outs[0].Report
		took := time.Since(start).Round(100 * time.Millisecond)
		name := filepath.Base(w.dir)
		if w.kind == "correct" {
			assert.Equal(t, verdict.Pass, r.Verdict, "%s: a correct program fails under exploration", name)
			fmt.Fprintf(&b, "%-34s %-10s %9d %8s %10s\n", name, r.Verdict, r.Runs, took, "-")
			continue
		}
		bugs++
		if !detected(w, r) {
			fmt.Fprintf(&b, "%-34s %-10s %9d %8s %10s not found\n", name, r.Verdict, r.Runs, took, "-")
			continue
		}
		found++
		replays := "plain run"
		sched := "the plain run failed"
		if r.Schedule != nil {
			sched = fmt.Sprintf("seed %d, GOMAXPROCS %d", r.Schedule.Seed, r.Schedule.GOMAXPROCS)
			rep, err := Run(context.Background(), []Target{{Dir: w.dir}}, Options{Race: true, Seeds: []uint64{r.Schedule.Seed}, Explore: 10, AllRuns: true, Timeout: 3 * time.Second})
			require.NoError(t, err)
			replays = fmt.Sprintf("%d/%d", rep[0].Report.FailedRuns, rep[0].Report.Runs)
		}
		fmt.Fprintf(&b, "%-34s %-10s %9d %8s %10s %s\n", name, r.Verdict, r.Runs, took, replays, sched)
	}
	fmt.Fprintf(&b, "found within the budget: %d of %d rare_ bugs\n", found, bugs)
	return b.String()
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
func locationFigures(t *testing.T, name string, ws []want, reports []diagnose.Report) string {
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
	fmt.Fprintf(&b, "\nfirst location of each failing diagnosis (%s):\n%-10s %5s %22s %24s\n", name, "verdict", "runs", "in a non-test file", "at the declared line")
	pct := func(a, n int) string { return fmt.Sprintf("%d (%.0f%%)", a, 100*float64(a)/float64(max(n, 1))) }
	keys := slices.Sorted(maps.Keys(by))
	for _, k := range keys {
		tl := by[k]
		fmt.Fprintf(&b, "%-10s %5d %22s %24s\n", k, tl.n, pct(tl.code, tl.n), pct(tl.at, tl.n))
	}
	fmt.Fprintf(&b, "%-10s %5d %22s %24s\n", "all", all.n, pct(all.code, all.n), pct(all.at, all.n))
	for _, o := range off {
		fmt.Fprintf(&b, "not at the declared line (%s): %s\n", name, o)
	}
	assert.GreaterOrEqual(t, 100*all.at, 95*all.n, "%s: fewer than 95%% of the failing diagnoses put their first location at the declared line", name)
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
