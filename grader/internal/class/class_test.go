package class

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/verdict"
)

const meta = `format = 1

[[kata]]
name = "counter"
dir = "01_counter"
order = 1
title = "A counter"
track = "basics"
difficulty = 1
concepts = ["sync.Mutex"]
failure = "race"
files = ["kata.go"]
hints = ["a", "b", "c"]

[[kata]]
name = "logger"
dir = "02_logger"
order = 2
title = "A logger"
track = "basics"
difficulty = 1
concepts = ["channels"]
failure = "deadlock"
files = ["kata.go"]
points = 3
hints = ["a", "b", "c"]

[[kata]]
name = "pool"
dir = "03_pool"
order = 3
title = "A pool"
track = "basics"
difficulty = 1
concepts = ["sync.WaitGroup"]
failure = "deadlock"
files = ["kata.go"]
hints = ["a", "b", "c"]
`

const course = "c0ffee"

func catalogue(t *testing.T) *kata.Catalogue {
	t.Helper()
	cat, err := kata.Parse("katas.toml", []byte(meta))
	require.NoError(t, err)
	return cat
}

// resultLine is a line as `grader verify --json` writes it.
func resultLine(k, course string, v verdict.Verdict, summary string) string {
	findings := "[]"
	if v != verdict.Pass {
		findings = fmt.Sprintf(`[{"kind":%q,"summary":%q,"locations":[]}]`, v, summary)
	}
	return fmt.Sprintf(`{"kata":%q,"order":1,"track":"basics","declared_failure":"race","course":%q,"dir":"katas/x","package":"m/katas/x","verdict":%q,"runs":1,"failed_runs":0,"duration_ms":5,"findings":%s}`+"\n", k, course, v, findings)
}

func write(t *testing.T, path string, lines ...string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644))
	return path
}

func TestReadGoodClass(t *testing.T) {
	dir := t.TempDir()
	cat := catalogue(t)
	alice := write(t, filepath.Join(dir, "alice.jsonl"),
		resultLine("counter", course, verdict.Pass, ""),
		resultLine("logger", course, verdict.Pass, ""),
		resultLine("pool", course, verdict.Deadlock, "all goroutines are blocked"))
	// A folder as `gh run download` unpacks it: the learner is the folder.
	write(t, filepath.Join(dir, "bob", "kata-results", "results.jsonl"),
		resultLine("counter", course, verdict.Pass, ""),
		resultLine("logger", course, verdict.Race, "data race on n"),
		resultLine("pool", course, verdict.Deadlock, "all goroutines are blocked"))
	// A file called results.jsonl is its folder's learner.
	carol := write(t, filepath.Join(dir, "carol", "results.jsonl"),
		resultLine("counter", course, verdict.Race, "data race on c.n"),
		resultLine("logger", course, verdict.Deadlock, "send blocks"),
		resultLine("pool", course, verdict.Deadlock, "wait blocks"))

	c, err := Read([]string{carol, filepath.Join(dir, "bob"), alice}, cat, course, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Problems)
	require.Len(t, c.Learners, 3)
	assert.Equal(t, []string{"alice", "bob", "carol"}, names(c))
	a, b, cl := c.Learners[0], c.Learners[1], c.Learners[2]
	assert.Equal(t, []int{2, 1, 0}, []int{a.Done, b.Done, cl.Done})
	assert.Equal(t, []int{4, 1, 0}, []int{a.Points, b.Points, cl.Points}, "logger is worth 3")
	assert.Equal(t, 5, c.MaxPoints)
	assert.Equal(t, "pool", a.Stuck.Name)
	assert.Equal(t, "logger", b.Stuck.Name)
	assert.Equal(t, verdict.Race, b.Results["logger"].Verdict)
	assert.Equal(t, "data race on n", b.Results["logger"].Summary)

	require.Len(t, c.Stats, 3)
	s := c.Stats[0]
	assert.Equal(t, []int{2, 3}, []int{s.Passed, s.Graded})
	assert.InDelta(t, 2.0/3, s.PassRate(3), 1e-9)
	assert.Equal(t, verdict.Race, s.Common)
	// logger: one race, one deadlock: a tie goes to the more severe, the race.
	assert.Equal(t, verdict.Race, c.Stats[1].Common)
	assert.Equal(t, 1, c.Stats[1].CommonCount)
	// pool: all three deadlock; the summary most of them got.
	assert.Equal(t, verdict.Deadlock, c.Stats[2].Common)
	assert.Equal(t, 3, c.Stats[2].CommonCount)
	assert.Equal(t, "all goroutines are blocked", c.Stats[2].Summary)
	assert.Zero(t, c.Stats[2].Passed)
}

func names(c *Class) []string {
	var out []string
	for _, l := range c.Learners {
		out = append(out, l.Name)
	}
	return out
}

func TestReadBadInput(t *testing.T) {
	dir := t.TempDir()
	cat := catalogue(t)
	full := resultLine("logger", course, verdict.Pass, "")
	// Truncated in the middle of its second line.
	trunc := write(t, filepath.Join(dir, "dan.jsonl"), resultLine("counter", course, verdict.Pass, ""), full[:len(full)/2])
	// Another version of the course: another fingerprint, and a kata this course lacks.
	other := write(t, filepath.Join(dir, "eve.jsonl"),
		resultLine("counter", "0ld", verdict.Pass, ""),
		resultLine("spinner", "0ld", verdict.Hang, "spins"))
	// Two files for one learner: a file and a folder of the same name; the folder's is newer.
	older := write(t, filepath.Join(dir, "fay.jsonl"), resultLine("counter", course, verdict.Race, "data race"))
	newer := write(t, filepath.Join(dir, "fay", "results.jsonl"), resultLine("counter", course, verdict.Pass, ""))
	past := time.Now().Add(-time.Hour)
	require.NoError(t, os.Chtimes(older, past, past))
	empty := write(t, filepath.Join(dir, "gus.jsonl"))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "hal"), 0o755))
	garbage := write(t, filepath.Join(dir, "ivy.jsonl"), "<html>502 Bad Gateway</html>\n", `{"kata":"counter","verdict":"sparkling"}`+"\n")

	c, err := Read([]string{trunc, other, older, filepath.Join(dir, "fay"), empty, filepath.Join(dir, "hal"), garbage}, cat, course, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"dan", "eve", "fay", "gus", "hal", "ivy"}, names(c), "no learner's row is lost")

	said := map[string]string{}
	for _, p := range c.Problems {
		assert.NotContains(t, p.Text, "\n", "one line each")
		_, dup := said[p.Learner]
		assert.False(t, dup, "one problem per learner here: %s", p)
		said[p.Learner] = p.String()
	}
	assert.Len(t, said, 6)
	assert.Contains(t, said["dan"], "dan: "+trunc+": 1 line is not a result of 'grader verify --json' (a truncated or edited file?): line 2")
	assert.Contains(t, said["eve"], `graded on another version of the course (course "0ld", this course is c0ffee); 1 kata not in this course, left out: "spinner"`)
	assert.Contains(t, said["fay"], "2 result files for one learner: using the newest, "+newer)
	assert.Contains(t, said["gus"], "no results in it")
	assert.Contains(t, said["hal"], "no results (no .jsonl file in")
	assert.Contains(t, said["ivy"], "2 lines are not a result")

	byName := map[string]*Learner{}
	for _, l := range c.Learners {
		byName[l.Name] = l
	}
	assert.Equal(t, 1, byName["dan"].Done, "the lines before the truncation count")
	assert.Nil(t, byName["dan"].Results["logger"])
	assert.True(t, byName["eve"].Other)
	assert.Equal(t, 1, byName["eve"].Done)
	assert.Equal(t, verdict.Pass, byName["fay"].Results["counter"].Verdict, "the newer file")
	assert.Equal(t, newer, byName["fay"].Source)
	assert.Zero(t, byName["gus"].Done)
	assert.Empty(t, byName["hal"].Source)

	_, err = Read([]string{filepath.Join(dir, "nobody.jsonl")}, cat, course, nil)
	assert.ErrorContains(t, err, "reading the results of")
}

// TestReadLinesInChunks feeds the same file whole and in tiny reads: the result is the same.
func TestReadLinesInChunks(t *testing.T) {
	cat := catalogue(t)
	data := resultLine("counter", course, verdict.Pass, "") + resultLine("logger", course, verdict.Race, "data race on n")
	whole := &Learner{Name: "x", Results: map[string]*Result{}}
	assert.Empty(t, readLines(whole, "x", strings.NewReader(data), cat, course))
	chunked := &Learner{Name: "x", Results: map[string]*Result{}}
	assert.Empty(t, readLines(chunked, "x", &slowReader{data: data}, cat, course))
	assert.Equal(t, whole.Results, chunked.Results)
	assert.Len(t, whole.Results, 2)
}

type slowReader struct{ data string }

func (r *slowReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 3)], r.data)
	r.data = r.data[n:]
	return n, nil
}

func FuzzReadLines(f *testing.F) {
	f.Add(resultLine("counter", course, verdict.Pass, ""))
	f.Add(`{"kata":"counter","verdict":"race","findings":[{"summary":"x"}]}` + "\n{")
	cat, err := kata.Parse("katas.toml", []byte(meta))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data string) {
		l := &Learner{Name: "x", Results: map[string]*Result{}}
		for _, p := range readLines(l, "x", strings.NewReader(data), cat, course) {
			if strings.Contains(p.Text, "\n") {
				t.Fatalf("a problem in two lines: %q", p.Text)
			}
		}
		for name, r := range l.Results {
			if cat.Find(name) == nil || !r.Verdict.Known() {
				t.Fatalf("kept %q: %v", name, r)
			}
		}
	})
}
