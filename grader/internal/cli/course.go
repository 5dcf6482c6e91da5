package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/explore"
	"gokatas/grader/internal/grade"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/progress"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/runner"
	"gokatas/grader/internal/verdict"
)

// gradeOpts are the flags shared by the commands that grade katas.
type gradeOpts struct {
	timeout time.Duration
	runs    int
	verbose bool
	explore int    // perturbed runs per kata, besides the plain ones
	seed    string // replay this seed instead (--seed)
}

// DefaultExplore is how many perturbed runs a kata passes besides its plain run before it
// counts as passing (see docs/performance.md for what they cost).
const DefaultExplore = 4

// registerExplore adds the flags of schedule exploration for the commands that grade katas.
func (o *gradeOpts) registerExplore(fs interface {
	IntVar(*int, string, int, string)
	StringVar(*string, string, string, string)
}) {
	fs.IntVar(&o.explore, "explore", DefaultExplore, "perturbed runs per kata besides the plain ones: each shuffles the goroutines' schedule its own way (0: none)")
	fs.StringVar(&o.seed, "seed", "", "replay the perturbed schedule of this seed (as a finding prints it), --runs times, instead of the usual runs")
}

// exploration turns the flags into the grading's runs: plain, perturbed, and the seeds (a replay).
func (o gradeOpts) exploration() (runs, perturbed int, seeds []uint64, err error) {
	if o.explore < 0 {
		return 0, 0, nil, usagef("--explore must be 0 or more")
	}
	if o.seed == "" {
		return o.runs, o.explore, nil, nil
	}
	seed, err := explore.ParseSeed(o.seed)
	if err != nil {
		return 0, 0, nil, usagef("--seed: %v", err)
	}
	return 0, max(o.runs, 1), []uint64{seed}, nil
}

func (o *gradeOpts) register(fs interface {
	DurationVar(*time.Duration, string, time.Duration, string)
	IntVar(*int, string, int, string)
	BoolVar(*bool, string, bool, string)
}, runs int, what string) {
	fs.DurationVar(&o.timeout, "timeout", DefaultTimeout, "deadline of each run; a "+what+" still running then is stopped and diagnosed")
	fs.IntVar(&o.runs, "runs", runs, "runs per "+what+", as separate processes (stops at the first failing run)")
	fs.BoolVar(&o.verbose, "v", false, "also print the raw test output of a failing "+what)
}

// targets turns katas into grading targets: the learner's files are the focus.
func (r *repo) targets(ks []*kata.Kata) []grade.Target {
	ts := make([]grade.Target, len(ks))
	for i, k := range ks {
		dir := filepath.Join(r.root, filepath.FromSlash(k.KataDir()))
		t := grade.Target{Dir: dir}
		for _, f := range k.Files {
			t.Focus = append(t.Focus, filepath.Join(dir, f))
		}
		ts[i] = t
	}
	return ts
}

// gradeKatas grades katas and records the verdicts in the progress file.
func gradeKatas(ctx context.Context, env *Env, r *repo, ks []*kata.Kata, o gradeOpts, ordered bool) ([]grade.Outcome, *progress.State, error) {
	for _, k := range ks {
		if err := r.checkKataFiles(k); err != nil {
			return nil, nil, usagef("%v", err)
		}
	}
	tmp, err := os.MkdirTemp("", "grader-originals")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	overlay, notes, err := r.originalOverlay(ks, tmp)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range notes {
		fmt.Fprintf(env.Stderr, "grader: note: %s\n", n)
	}
	race, err := env.raceSupport()
	if err != nil {
		return nil, nil, goFault(err)
	}
	// Without the race detector, katas whose bug only it can see are not gradable here: they
	// are marked so, never passed.
	var gradable []*kata.Kata
	var idx []int
	outs := make([]grade.Outcome, len(ks))
	for i, k := range ks {
		if !race && k.Verdict() == verdict.Race {
			outs[i] = grade.Outcome{Report: diagnose.Report{
				Dir: env.display(filepath.Join(r.root, filepath.FromSlash(k.KataDir()))), Verdict: verdict.NotGradable,
				Findings: []diagnose.Finding{{Kind: verdict.NotGradable, Summary: "this kata needs the race detector, which is not available here", Locations: []diagnose.Location{}}},
			}}
			continue
		}
		gradable = append(gradable, k)
		idx = append(idx, i)
	}
	targets := r.targets(gradable)
	for i := range targets {
		targets[i].Read = overlay
	}
	runs, perturbed, seeds, err := o.exploration()
	if err != nil {
		return nil, nil, err
	}
	graded, err := grade.Run(ctx, targets, grade.Options{
		Race: race, Runs: runs, Explore: perturbed, Seeds: seeds, AllRuns: seeds != nil,
		Timeout: o.timeout, Ordered: ordered, Display: env.display, Overlay: overlay,
		CacheDir: runner.DefaultCacheDir(), ColdBuild: coldBuildNotice(env),
	})
	if err != nil {
		return nil, nil, goFault(err)
	}
	for j, g := range graded {
		outs[idx[j]] = g
	}
	now := time.Now()
	st := updateProgress(env, r, func(st *progress.State) {
		for i, out := range outs {
			if !out.Skipped && out.Report.Verdict != "" {
				st.Record(ks[i].Name, out.Report.Verdict, oneLine(out.Report), now)
			}
		}
	})
	return outs, st, nil
}

// updateProgress applies a change to the saved progress (under its lock) and returns the
// state after it. A progress file that cannot be saved (a read-only checkout) is reported once
// and grading goes on.
func updateProgress(env *Env, r *repo, change func(*progress.State)) *progress.State {
	var after *progress.State
	problem, err := progress.Update(r.root, func(st *progress.State) {
		r.followRenames(st)
		change(st)
		after = st
	})
	if problem != nil {
		fmt.Fprintf(env.Stderr, "grader: %v\n", problem)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "grader: could not save your progress (%v); grading still works\n", err)
		if after == nil {
			after, _ = r.loadProgress()
			change(after)
		}
	}
	return after
}

// oneLine is a report's first finding with its first location, for the progress file.
func oneLine(r diagnose.Report) string {
	if len(r.Findings) == 0 {
		return ""
	}
	f := r.Findings[0]
	if len(f.Locations) > 0 {
		return fmt.Sprintf("%s (at %s:%d)", f.Summary, f.Locations[0].File, f.Locations[0].Line)
	}
	return f.Summary
}

type raceResult struct {
	ok  bool
	why string
}

// raceCheck asks the go command once per process whether -race works here.
var (
	raceCheck = sync.OnceValues(func() (raceResult, error) {
		ok, why, err := runner.RaceSupport()
		return raceResult{ok, why}, err
	})
	raceNoted sync.Once
)

// raceSupport reports whether -race works here, and says once when it does not.
func (env *Env) raceSupport() (bool, error) {
	r, err := raceCheck()
	if err == nil && !r.ok {
		raceNoted.Do(func() {
			fmt.Fprintf(env.Stderr, "grader: %s: grading without it; katas that need it are marked not gradable here\n", r.why)
		})
	}
	return r.ok, err
}

// cmdProgress is the default command: grade in order up to the first kata not done.
func cmdProgress(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "grader", "[--timeout D] [--explore N] [--once]")
	var o gradeOpts
	o.register(fs, 1, "kata")
	o.registerExplore(fs)
	once := fs.Bool("once", false, "grade once and exit, even on a terminal (where the default is watch mode)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if env.StdinTTY && !*once {
		return runWatch(ctx, env, o, false)
	}
	r, err := openRepo(env)
	if err != nil {
		return err
	}
	outs, st, err := gradeKatas(ctx, env, r, r.cat.Katas, o, true)
	if err != nil {
		return err
	}
	done := 0
	var current *kata.Kata
	var report diagnose.Report
	for i, out := range outs {
		if out.Report.Verdict == verdict.Pass {
			done++
			continue
		}
		if !out.Skipped && current == nil {
			current, report = r.cat.Katas[i], out.Report
		}
	}
	s := env.Style
	w := env.Stdout
	render.Bar(w, s, done, len(r.cat.Katas))
	if current == nil {
		updateProgress(env, r, func(st *progress.State) { st.Current = "" })
		fmt.Fprintf(w, "\n%s All %d katas pass. You have fixed every bug in the course: well done!\n", s.Green("✓"), len(r.cat.Katas))
		return nil
	}
	updateProgress(env, r, func(st *progress.State) { st.Current = current.Name })
	sc := render.Screen{
		Lead: "\nCurrent kata: ", Name: fmt.Sprintf("%02d %s", current.Order, current.Name),
		Title: fmt.Sprintf("%s (%s)", current.Title, current.Track), Verdict: report.Verdict,
		Places:   r.places(env, current, "Read:  ", "Edit:  "),
		Findings: report.Findings, Schedule: report.Schedule, Replay: replayKata(current, report),
		Footer: fmt.Sprintf("Stuck? 'go run ./grader hint %s' shows a hint. Run 'go run ./grader' again after each change.", current.Name),
	}
	if o.verbose {
		sc.Output = report.Output
	}
	if e := st.Katas[current.Name]; e != nil && e.Failures >= 3 {
		sc.Footer = fmt.Sprintf("%d tries so far. ", e.Failures) + sc.Footer
	}
	sc.Print(w, s, env.source)
	return errFailed
}

// replayKata is the command that replays the perturbed run a report shows, "" for a plain run.
func replayKata(k *kata.Kata, r diagnose.Report) string {
	if r.Schedule == nil {
		return ""
	}
	return fmt.Sprintf("go run ./grader run %s --seed %d --runs 10", k.Name, r.Schedule.Seed)
}

// places are the lines that say where to read about kata k and what to edit.
func (r *repo) places(env *Env, k *kata.Kata, read, edit string) []string {
	out := []string{read + env.display(filepath.Join(r.root, filepath.FromSlash(k.ReadmePath())))}
	for _, f := range k.Files {
		out = append(out, edit+env.display(filepath.Join(r.root, filepath.FromSlash(k.KataDir()), f)))
	}
	return out
}

// cmdRun grades one kata.
func cmdRun(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "run", "run [--runs N] [--explore N] [--seed S] [--timeout D] [-v] KATA")
	var o gradeOpts
	o.register(fs, 1, "kata")
	o.registerExplore(fs)
	r, k, err := parseKata(env, fs, args, "run")
	if err != nil {
		return err
	}
	outs, _, err := gradeKatas(ctx, env, r, []*kata.Kata{k}, o, false)
	if err != nil {
		return err
	}
	rep := outs[0].Report
	sc := render.Screen{
		Name: fmt.Sprintf("%02d %s", k.Order, k.Name), Title: k.Title, Verdict: rep.Verdict,
		Detail: render.Runs(rep), Findings: rep.Findings,
		Schedule: rep.Schedule, Replay: replayKata(k, rep),
	}
	if rep.Verdict != verdict.Pass {
		sc.Footer = fmt.Sprintf("Stuck? 'go run ./grader hint %s' shows a hint.", k.Name)
		if o.verbose {
			sc.Output = rep.Output
		}
	}
	sc.Print(env.Stdout, env.Style, env.source)
	if rep.Verdict == verdict.Pass {
		return nil
	}
	return errFailed
}

// cmdVerify grades every kata (or the katas named).
func cmdVerify(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "verify", "verify [--runs N] [--explore N] [--timeout D] [--json] [--junit FILE] [--classroom FILE] [--ctrf FILE] [--repo DIR] [-v] [KATA...]")
	var o gradeOpts
	o.register(fs, 1, "kata")
	o.registerExplore(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per kata instead of the table (see docs/results.md)")
	junit := fs.String("junit", "", "also write a JUnit XML report to this file (one testcase per kata)")
	classroom := fs.String("classroom", "", "also write the GitHub Classroom result to `FILE` and, when $GITHUB_OUTPUT is set, append it base64-encoded as the step output named result")
	ctrf := fs.String("ctrf", "", "also write a CTRF JSON report to `FILE`")
	learner := fs.String("repo", "", "grade the katas of the checkout in `DIR` with this checkout's grader, metadata and tests")
	r, rest, err := parseRepo(env, fs, args)
	if err != nil {
		return err
	}
	ks := r.cat.Katas
	if len(rest) > 0 {
		ks = nil
		for _, ref := range rest {
			k, err := r.find(ref)
			if err != nil {
				return err
			}
			ks = append(ks, k)
		}
	}
	if *learner != "" {
		if r, env, err = r.onLearner(env, *learner); err != nil {
			return err
		}
	}
	start := time.Now()
	outs, err := r.gradeVerify(ctx, env, ks, o, *learner != "")
	if err != nil {
		return err
	}
	stop := time.Now()
	if *junit != "" {
		if err := writeJUnit(env, ks, outs, *junit); err != nil {
			return err
		}
	}
	if *classroom != "" || *ctrf != "" {
		cases := ciCases(env, ks, outs)
		if *classroom != "" {
			if err := writeClassroom(env, cases, *classroom); err != nil {
				return err
			}
		}
		if *ctrf != "" {
			var b bytes.Buffer
			if err := render.CTRF(&b, "gokatas grader", cases, start, stop); err != nil {
				return err
			}
			if err := atomicfile.Write(env.abs(*ctrf), b.Bytes(), 0o644); err != nil {
				return fmt.Errorf("writing the CTRF report: %w", err)
			}
		}
	}
	s, w := env.Style, env.Stdout
	passed := 0
	rows := [][]string{{"#", "kata", "track", "result", "diagnosis"}}
	for i, out := range outs {
		k, rep := ks[i], out.Report
		if rep.Verdict == verdict.Pass {
			passed++
		}
		if *asJSON {
			if err := json.NewEncoder(w).Encode(verifyJSON{Kata: k.Name, Order: k.Order, Track: k.Track, Declared: k.Failure, Course: r.course, Report: rep}); err != nil {
				return err
			}
			continue
		}
		summary := ""
		if len(rep.Findings) > 0 {
			summary = rep.Findings[0].Summary
		}
		rows = append(rows, []string{fmt.Sprintf("%02d", k.Order), k.Name, k.Track,
			render.Colorize(s, rep.Verdict, rep.Verdict.Words()), truncate(summary, 70)})
	}
	if !*asJSON {
		render.Table(w, s, rows)
		fmt.Fprintln(w)
		render.Bar(w, s, passed, len(outs))
		if o.verbose {
			for i, out := range outs {
				if out.Report.Verdict != verdict.Pass {
					fmt.Fprintf(w, "\n%s\n", s.Bold(fmt.Sprintf("%02d %s", ks[i].Order, ks[i].Name)))
					render.Findings(w, s, env.source, out.Report.Findings)
				}
			}
		}
	}
	if passed != len(outs) {
		return errFailed
	}
	return nil
}

// gradeVerify grades katas for verify. Grading a learner's checkout (--repo), a kata whose
// folder or file is missing is a compile error of that kata, and the others are graded: on a
// learner's own machine it stops the grading with the sentence that says how to restore it.
func (r *repo) gradeVerify(ctx context.Context, env *Env, ks []*kata.Kata, o gradeOpts, learner bool) ([]grade.Outcome, error) {
	if !learner {
		outs, _, err := gradeKatas(ctx, env, r, ks, o, false)
		return outs, err
	}
	outs := make([]grade.Outcome, len(ks))
	var present []*kata.Kata
	var idx []int
	for i, k := range ks {
		if err := r.checkKataFiles(k); err != nil {
			outs[i] = grade.Outcome{Report: diagnose.Report{
				Dir: env.display(filepath.Join(r.root, filepath.FromSlash(k.KataDir()))), Verdict: verdict.BuildError,
				Findings: []diagnose.Finding{{Kind: verdict.BuildError, Summary: err.Error(), Locations: []diagnose.Location{}}},
			}}
			continue
		}
		present = append(present, k)
		idx = append(idx, i)
	}
	if len(present) > 0 {
		graded, _, err := gradeKatas(ctx, env, r, present, o, false)
		if err != nil {
			return nil, err
		}
		for j, g := range graded {
			outs[idx[j]] = g
		}
	}
	return outs, nil
}

// onLearner returns the repository to grade for `verify --repo DIR`: the katas in the learner's
// checkout DIR, with this checkout's metadata (and this grader's embedded tests), and an
// environment whose working directory is DIR, so that every path a report names is relative
// to the learner's repository.
func (r *repo) onLearner(env *Env, dir string) (*repo, *Env, error) {
	dir = env.abs(dir)
	if fi, err := os.Stat(filepath.Join(dir, "katas")); err != nil || !fi.IsDir() {
		return nil, nil, usagef("--repo %s: there is no katas folder there: give the root of a checkout of the course", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return nil, nil, usagef("--repo %s: there is no go.mod there: give the root of a checkout of the course", dir)
	}
	e := *env
	e.Dir = dir
	return &repo{root: dir, cat: r.cat, course: r.course}, &e, nil
}

// abs resolves a path given on the command line against the working directory.
func (env *Env) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(env.Dir, path)
}

// ciCases are the graded katas as the CI reports show them.
func ciCases(env *Env, ks []*kata.Kata, outs []grade.Outcome) []render.CICase {
	cases := make([]render.CICase, len(ks))
	for i, out := range outs {
		k, rep := ks[i], out.Report
		c := render.CICase{
			Name: fmt.Sprintf("%02d %s", k.Order, k.Name), Suite: k.Track, Verdict: rep.Verdict, Points: k.Points(),
			Command: "go run ./grader run " + k.Name, Duration: time.Duration(rep.DurationMS) * time.Millisecond,
		}
		if rep.Verdict != verdict.Pass {
			c.Message = diagnosisText(env, rep)
			for _, f := range rep.Findings {
				if len(f.Locations) > 0 {
					c.File, c.Line = f.Locations[0].File, f.Locations[0].Line
					break
				}
			}
		}
		cases[i] = c
	}
	return cases
}

// diagnosisText is the diagnosis a learner reads under the headline of `grader run`, without colour.
func diagnosisText(env *Env, rep diagnose.Report) string {
	var b strings.Builder
	render.Findings(&b, render.Style{}, env.source, rep.Findings)
	return strings.TrimRight(b.String(), "\n")
}

// writeClassroom writes the GitHub Classroom result to path and, in a GitHub Actions step
// ($GITHUB_OUTPUT set), appends it base64-encoded as the step output `result`, which
// autograding-grading-reporter reads.
func writeClassroom(env *Env, cases []render.CICase, path string) error {
	var b bytes.Buffer
	if err := render.Classroom(&b, cases); err != nil {
		return err
	}
	if err := atomicfile.Write(env.abs(path), b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the GitHub Classroom result: %w", err)
	}
	out := env.Getenv("GITHUB_OUTPUT")
	if out == "" {
		return nil
	}
	// The step output file is appended to by every command of the step (GitHub's protocol), so
	// it is not replaced: the one line is written in one call.
	f, err := os.OpenFile(out, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("writing the step output result to $GITHUB_OUTPUT: %w", err)
	}
	_, err = f.WriteString("result=" + base64.StdEncoding.EncodeToString(bytes.TrimSpace(b.Bytes())) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the step output result to $GITHUB_OUTPUT: %w", err)
	}
	return nil
}

// writeJUnit writes the grading as JUnit XML: one testcase per kata, the diagnosis as the
// failure message.
func writeJUnit(env *Env, ks []*kata.Kata, outs []grade.Outcome, path string) error {
	var cases []render.JUnitCase
	for i, out := range outs {
		k, rep := ks[i], out.Report
		c := render.JUnitCase{Class: "katas." + k.Track, Name: k.Dir, Seconds: float64(rep.DurationMS) / 1000, Verdict: rep.Verdict}
		if rep.Verdict == verdict.NotGradable {
			c.Skipped = oneLine(rep)
		} else if rep.Verdict != verdict.Pass {
			c.Summary = rep.Verdict.Words() + ": " + oneLine(rep)
			var b strings.Builder
			render.Findings(&b, render.Style{}, env.source, rep.Findings)
			c.Detail = b.String()
		}
		cases = append(cases, c)
	}
	path = env.abs(path)
	var b bytes.Buffer
	if err := render.JUnit(&b, "go-concurrency-katas", cases); err != nil {
		return err
	}
	if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	return nil
}

// verifyJSON is one line of `grader verify --json`.
type verifyJSON struct {
	Kata     string `json:"kata"`
	Order    int    `json:"order"`
	Track    string `json:"track"`
	Declared string `json:"declared_failure"`
	// Course identifies the course the grader grades: its kata metadata and shipped kata files.
	Course string `json:"course"`
	diagnose.Report
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// cmdList prints the katas and their state.
func cmdList(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "list", "list")
	r, _, err := parseRepo(env, fs, args)
	if err != nil {
		return err
	}
	st := r.progress(env)
	s := env.Style
	rows := [][]string{{"#", "kata", "track", "fails with", "bug class", "state"}}
	done := 0
	for _, k := range r.cat.Katas {
		state := s.Dim("not tried")
		if e := st.Katas[k.Name]; e != nil && e.Verdict != "" {
			if e.Verdict == verdict.Pass {
				state = s.Green("done")
				done++
			} else {
				state = s.Red("failing (" + e.Verdict.Words() + ")")
			}
		}
		name := k.Name
		if k.Name == st.Current {
			name = "▶ " + name
		}
		class := k.BugClass
		if class == "" {
			class = "-"
		}
		rows = append(rows, []string{fmt.Sprintf("%02d", k.Order), name, k.Track, k.Failure, class, state})
	}
	render.Table(env.Stdout, s, rows)
	fmt.Fprintln(env.Stdout)
	render.Bar(env.Stdout, s, done, len(r.cat.Katas))
	return nil
}

// cmdHint shows the next hint (or all of them).
func cmdHint(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "hint", "hint [--all] KATA")
	all := fs.Bool("all", false, "show every hint")
	r, rest, err := parseRepo(env, fs, args)
	if err != nil {
		return err
	}
	st := r.progress(env)
	if len(rest) == 0 && st.Current != "" {
		rest = []string{st.Current}
	}
	if len(rest) != 1 {
		return usagef("hint needs one kata name or number, e.g. 'go run ./grader hint 1'")
	}
	k, err := r.find(rest[0])
	if err != nil {
		return err
	}
	showHints(env, r, env.Stdout, k, *all)
	return nil
}

// showHints prints the next hint (remembering it), or all of them.
func showHints(env *Env, r *repo, w io.Writer, k *kata.Kata, all bool) {
	n := len(k.Hints)
	if !all {
		updateProgress(env, r, func(st *progress.State) {
			e := st.Kata(k.Name)
			n = min(e.HintsShown+1, len(k.Hints))
			e.HintsShown = n
		})
	}
	s := env.Style
	fmt.Fprintf(w, "%s %s\n", s.Bold(fmt.Sprintf("%02d %s", k.Order, k.Name)), k.Title)
	for i := range n {
		fmt.Fprintf(w, "\n%s %s\n", s.Cyan(fmt.Sprintf("Hint %d/%d:", i+1, len(k.Hints))), k.Hints[i])
	}
	if n < len(k.Hints) {
		fmt.Fprintf(w, "\nAsk again for the next hint (or use --all).\n")
	}
}

// openKata opens the repository and resolves the one kata a command was given.
// parseKata reads a command line that names one kata, and opens the repository and the kata.
func parseKata(env *Env, fs *flag.FlagSet, args []string, cmd string) (*repo, *kata.Kata, error) {
	rest, err := parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	return openKata(env, rest, cmd)
}

// parseRepo reads a command line and opens the repository; rest is what follows the flags.
func parseRepo(env *Env, fs *flag.FlagSet, args []string) (r *repo, rest []string, err error) {
	if rest, err = parse(fs, args); err != nil {
		return nil, nil, err
	}
	r, err = openRepo(env)
	return r, rest, err
}

func openKata(env *Env, args []string, cmd string) (*repo, *kata.Kata, error) {
	if len(args) != 1 {
		return nil, nil, usagef("%s needs one kata name or number, e.g. 'go run ./grader %s 1'", cmd, cmd)
	}
	r, err := openRepo(env)
	if err != nil {
		return nil, nil, err
	}
	k, err := r.find(args[0])
	if err != nil {
		return nil, nil, err
	}
	return r, k, nil
}

// exists reports whether a path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
