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
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/diagnose"
)

var corpus = flag.Bool("corpus", false, "evaluate the diagnosis on grader/testdata/corpus")

type want struct {
	dir, class, kind, verdict, file string
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
				w.verdict = v
			case "file":
				w.file = v
			}
		}
		require.NotEmpty(t, w.kind, p)
		ws = append(ws, w)
	}
	return ws
}

var kinds = map[string][]string{
	"blocking":    {diagnose.Deadlock, diagnose.Leak, diagnose.Hang},
	"nonblocking": {diagnose.Race, diagnose.Panic, diagnose.Fail},
	"correct":     {diagnose.Pass},
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
	t.Log(b.String())
}
