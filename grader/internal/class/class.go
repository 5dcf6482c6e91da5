package class

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/verdict"
)

// Result is one learner's result for one kata.
type Result struct {
	Verdict verdict.Verdict
	Summary string // the first finding's summary, "" when it passes
}

// Learner is one row of the class.
type Learner struct {
	Name    string
	Source  string             // the file the results were read from, as given; "" when none was found
	Results map[string]*Result // by kata name; a kata not graded has none
	Done    int                // katas passed
	Points  int                // the points of the katas passed
	// Stuck is the first kata in course order that does not pass, or nil when every kata does.
	Stuck *kata.Kata
	// Other is set when the results come from another version of the course.
	Other bool
}

// KataStats is where the class stands on one kata.
type KataStats struct {
	Kata   *kata.Kata
	Passed int // learners who pass it
	Graded int // learners with a result for it
	// Common is the most common failing verdict (the more severe of a tie), "" when none fails;
	// CommonCount is how many learners have it.
	Common      verdict.Verdict
	CommonCount int
	// Summary is a diagnosis summary of the most common failing verdict, the one most learners got.
	Summary string
}

// PassRate is the share of the class's learners who pass the kata, from 0 to 1.
func (s KataStats) PassRate(learners int) float64 {
	if learners == 0 {
		return 0
	}
	return float64(s.Passed) / float64(learners)
}

// Problem is one bad input, said in one line.
type Problem struct {
	Learner string
	Text    string
}

func (p Problem) String() string { return p.Learner + ": " + p.Text }

// Class is every learner's results on the course's katas.
type Class struct {
	Katas     []*kata.Kata
	Course    string // the course's fingerprint, as verify --json writes it
	Learners  []*Learner
	Stats     []KataStats // one per kata, in course order
	MaxPoints int
	Problems  []Problem
}

// line is what class reads of one line of `grader verify --json`.
type line struct {
	Kata     string          `json:"kata"`
	Course   string          `json:"course"`
	Verdict  verdict.Verdict `json:"verdict"`
	Findings []struct {
		Summary string `json:"summary"`
	} `json:"findings"`
}

// source is one learner's input: a file or a folder, and the result files found in it.
type source struct {
	name  string
	given string
	files []string
}

// Read reads the results of the learners at paths: each path is one learner, a file of JSON
// lines (the learner is the file's name without its extension, or its folder's name when the
// file is called results.jsonl) or a folder holding one (found at any depth; the learner is the
// folder's name). cat is the course's metadata and course its fingerprint; show turns a path
// into the way problems name it (nil: as it is). Only a path that cannot be read at all is an
// error; everything else is a Problem.
func Read(paths []string, cat *kata.Catalogue, course string, show func(string) string) (*Class, error) {
	if show == nil {
		show = func(p string) string { return p }
	}
	c := &Class{Katas: cat.Katas, Course: course}
	var sources []*source
	byName := map[string]*source{}
	for _, p := range paths {
		s, err := find(p, show)
		if err != nil {
			return nil, err
		}
		if prev := byName[s.name]; prev != nil {
			prev.files = append(prev.files, s.files...)
			prev.given += ", " + s.given
			continue
		}
		byName[s.name] = s
		sources = append(sources, s)
	}
	for _, s := range sources {
		l := &Learner{Name: s.name, Results: map[string]*Result{}}
		c.Learners = append(c.Learners, l)
		file, problem := newest(s.files, show)
		if problem != "" {
			c.Problems = append(c.Problems, Problem{s.name, problem})
		}
		if file == "" {
			c.Problems = append(c.Problems, Problem{s.name, fmt.Sprintf("no results (no .jsonl file in %s): shown as not graded", s.given)})
			continue
		}
		l.Source = file
		c.Problems = append(c.Problems, readFile(l, file, show(file), cat, course)...)
	}
	sort.SliceStable(c.Learners, func(i, j int) bool { return c.Learners[i].Name < c.Learners[j].Name })
	c.aggregate()
	return c, nil
}

// find resolves one path given on the command line.
func find(p string, show func(string) string) (*source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("reading the results of %s: %w", show(p), err)
	}
	clean := filepath.Clean(p)
	if !fi.IsDir() {
		base := filepath.Base(clean)
		name := strings.TrimSuffix(strings.TrimSuffix(base, ".jsonl"), ".json")
		if name == "results" {
			if abs, err := filepath.Abs(clean); err == nil {
				name = filepath.Base(filepath.Dir(abs))
			}
		}
		return &source{name: name, given: show(p), files: []string{p}}, nil
	}
	s := &source{name: filepath.Base(clean), given: show(p)}
	if abs, err := filepath.Abs(clean); err == nil {
		s.name = filepath.Base(abs)
	}
	err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".jsonl") {
			s.files = append(s.files, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the results of %s: %w", show(p), err)
	}
	return s, nil
}

// newest picks the newest of a learner's result files, and says so when there is more than one.
func newest(files []string, show func(string) string) (string, string) {
	if len(files) == 0 {
		return "", ""
	}
	if len(files) == 1 {
		return files[0], ""
	}
	best, bestTime := "", time.Time{}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		if best == "" || fi.ModTime().After(bestTime) {
			best, bestTime = f, fi.ModTime()
		}
	}
	var others []string
	for _, f := range files {
		if f != best {
			others = append(others, show(f))
		}
	}
	return best, fmt.Sprintf("%d result files for one learner: using the newest, %s (not %s)", len(files), show(best), strings.Join(others, ", "))
}

// maxLine bounds one JSON line (a kata with very many findings stays far below it).
const maxLine = 16 << 20

// readFile reads one learner's JSON lines into l.
func readFile(l *Learner, file, shown string, cat *kata.Catalogue, course string) []Problem {
	f, err := os.Open(file)
	if err != nil {
		return []Problem{{l.Name, fmt.Sprintf("cannot read %s: %v: shown as not graded", shown, err)}}
	}
	defer f.Close()
	return readLines(l, shown, f, cat, course)
}

func readLines(l *Learner, file string, r io.Reader, cat *kata.Catalogue, course string) []Problem {
	var problems []Problem
	say := func(format string, args ...any) {
		problems = append(problems, Problem{l.Name, fmt.Sprintf(format, args...)})
	}
	var bad []int
	var unknown []string
	otherCourse := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxLine)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var ln line
		if err := json.Unmarshal([]byte(text), &ln); err != nil || ln.Kata == "" || !ln.Verdict.Known() {
			bad = append(bad, n)
			continue
		}
		if ln.Course != course && otherCourse == "" {
			otherCourse = strconv.Quote(ln.Course)
		}
		k := cat.Find(ln.Kata)
		if k == nil || !kata.ValidRef(ln.Kata) {
			unknown = append(unknown, strconv.Quote(ln.Kata))
			continue
		}
		res := &Result{Verdict: ln.Verdict.Run()}
		if len(ln.Findings) > 0 && res.Verdict != verdict.Pass {
			res.Summary = ln.Findings[0].Summary
		}
		l.Results[k.Name] = res
	}
	if err := sc.Err(); err != nil {
		msg := err.Error()
		if errors.Is(err, bufio.ErrTooLong) {
			msg = fmt.Sprintf("line %d is longer than %d MiB", n+1, maxLine>>20)
		}
		say("%s: stopped reading after line %d (%s): the katas after it show as not graded", file, n, msg)
	}
	if len(bad) > 0 {
		say("%s: %s not a result of 'grader verify --json' (a truncated or edited file?): %s", file, plural(len(bad), "line is", "lines are"), lineList(bad))
	}
	switch {
	case otherCourse == "" && len(l.Results) == 0 && len(unknown) == 0 && len(bad) == 0:
		say("%s: no results in it: shown as not graded", file)
	case otherCourse != "" || len(unknown) > 0:
		l.Other = true
		what := "graded on another version of the course"
		if otherCourse != "" {
			what += fmt.Sprintf(" (course %s, this course is %s)", orNone(otherCourse), course)
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			what += fmt.Sprintf("; %s not in this course, left out: %s", plural(len(unknown), "kata", "katas"), strings.Join(slices.Compact(unknown), ", "))
		}
		say("%s: %s", file, what)
	}
	return problems
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// lineList says which lines, the first few of them.
func lineList(ns []int) string {
	var parts []string
	for i, n := range ns {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ns)-i))
			break
		}
		parts = append(parts, fmt.Sprint(n))
	}
	return "line " + strings.Join(parts, ", ")
}

// aggregate computes each learner's progress and each kata's statistics.
func (c *Class) aggregate() {
	c.MaxPoints = 0
	for _, k := range c.Katas {
		c.MaxPoints += k.Points()
	}
	for _, l := range c.Learners {
		l.Done, l.Points, l.Stuck = 0, 0, nil
		for _, k := range c.Katas {
			if r := l.Results[k.Name]; r != nil && r.Verdict == verdict.Pass {
				l.Done++
				l.Points += k.Points()
			} else if l.Stuck == nil {
				l.Stuck = k
			}
		}
	}
	c.Stats = make([]KataStats, len(c.Katas))
	for i, k := range c.Katas {
		s := KataStats{Kata: k}
		count := map[verdict.Verdict]int{}
		summaries := map[verdict.Verdict]map[string]int{}
		for _, l := range c.Learners {
			r := l.Results[k.Name]
			if r == nil {
				continue
			}
			s.Graded++
			if r.Verdict == verdict.Pass {
				s.Passed++
				continue
			}
			count[r.Verdict]++
			if summaries[r.Verdict] == nil {
				summaries[r.Verdict] = map[string]int{}
			}
			summaries[r.Verdict][r.Summary]++
		}
		for _, v := range verdict.All() {
			if n := count[v]; n > 0 && n >= s.CommonCount {
				s.Common, s.CommonCount = v, n // the table runs up in severity: a tie goes to the worse
			}
		}
		if s.Common != "" {
			s.Summary = mostCommon(summaries[s.Common])
		}
		c.Stats[i] = s
	}
}

// mostCommon returns the most frequent string (the first in order of a tie).
func mostCommon(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	best, n := "", 0
	for _, k := range keys {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}
