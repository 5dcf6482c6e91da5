package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/explore"
	"gokatas/grader/internal/grade"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/runner"
	"gokatas/grader/internal/verdict"
)

// violation is one broken invariant of the kata contract.
type violation struct{ kata, msg string }

// devCheck is one run of the maintainer's gate.
type devCheck struct {
	env     *Env
	r       *repo
	ks      []*kata.Kata // the katas checked
	all     bool         // every kata of the course (not a selection)
	runs    int          // runs of each stub and solution
	fixRuns int          // runs of each wrong and right fix
	explore int          // perturbed runs of each solution and right fix, besides the plain ones
	show    bool         // print what the learner sees for each wrong fix
	opts    grade.Options

	mu      sync.Mutex
	vs      []violation
	runTime map[string]time.Duration // kata -> its test processes' time, over every phase
}

// spent adds a grading's run time to its kata's.
func (c *devCheck) spent(k string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.runTime == nil {
		c.runTime = map[string]time.Duration{}
	}
	c.runTime[k] += d
}

// costliest says which katas' runs (stub, solution, every fix) took the most process time:
// where a faster test would shorten dev check.
func (c *devCheck) costliest(n int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var total time.Duration
	names := make([]string, 0, len(c.runTime))
	for k, d := range c.runTime {
		names = append(names, k)
		total += d
	}
	if total == 0 {
		return ""
	}
	sort.Slice(names, func(i, j int) bool { return c.runTime[names[i]] > c.runTime[names[j]] })
	parts := make([]string, 0, n)
	for _, k := range names[:min(n, len(names))] {
		d := c.runTime[k]
		parts = append(parts, fmt.Sprintf("%s %s (%d%%)", k, d.Round(time.Second), int(100*d/total)))
	}
	return fmt.Sprintf("test processes ran for %s in all (wall time summed); most: %s", total.Round(time.Second), strings.Join(parts, ", "))
}

func (c *devCheck) add(k, format string, a ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.vs = append(c.vs, violation{k, fmt.Sprintf(format, a...)})
}

// cmdDevCheck is the maintainer's gate: every stub fails with its declared class in every run
// and its diagnosis names the declared place and phrase; every solution and every right fix
// passes every run under -race with no leak; every wrong fix fails with its declared class and
// phrase in every run; tests are single-sourced; metadata and READMEs are complete; code is
// gofmt-clean.
func cmdDevCheck(ctx context.Context, env *Env, args []string) error {
	c, err := newDevCheck(env, args)
	if err != nil {
		return err
	}
	return c.run(ctx)
}

// newDevCheck reads dev check's command line.
func newDevCheck(env *Env, args []string) (*devCheck, error) {
	fset := newFlags(env, "dev check", "dev check [--runs N] [--fix-runs N] [--explore N] [--timeout D] [--parallel P] [--show] [KATA...]")
	runs := fset.Int("runs", 20, "runs of each stub and each solution, as separate processes")
	fixRuns := fset.Int("fix-runs", 0, "runs of each wrong and right fix (default: --runs)")
	perturbed := fset.Int("explore", 10, "perturbed runs of each solution and each right fix besides the plain ones: a correct program passes every schedule")
	timeout := fset.Duration("timeout", DefaultTimeout, "deadline of each run")
	parallel := fset.Int("parallel", 4*runtime.NumCPU(), "test processes at once")
	show := fset.Bool("show", false, "print what the learner sees for each wrong fix (its first run)")
	refs, err := parse(fset, args)
	if err != nil {
		return nil, err
	}
	if *runs < 1 || *fixRuns < 0 {
		return nil, usagef("--runs must be at least 1")
	}
	if *perturbed < 0 {
		return nil, usagef("--explore must be 0 or more")
	}
	if *fixRuns == 0 {
		*fixRuns = *runs
	}
	r, err := openRepo(env)
	if err != nil {
		return nil, err
	}
	c := &devCheck{env: env, r: r, ks: r.cat.Katas, all: len(refs) == 0, runs: *runs, fixRuns: *fixRuns, explore: *perturbed, show: *show}
	if len(refs) > 0 {
		c.ks = nil
		for _, ref := range refs {
			k, err := r.find(ref)
			if err != nil {
				return nil, err
			}
			c.ks = append(c.ks, k)
		}
	}
	c.opts = grade.Options{
		Race: true, Runs: *runs, Timeout: *timeout, Parallel: *parallel, AllRuns: true, Display: r.relative,
		CacheDir: runner.DefaultCacheDir(), ColdBuild: coldBuildNotice(env),
	}
	return c, nil
}

// run checks the selected katas, phase by phase, and reports every violation at the end.
func (c *devCheck) run(ctx context.Context) error {
	w := c.env.Stdout
	start := time.Now()
	fmt.Fprintf(w, "dev check: %d katas, %d runs of each stub and solution, %d of each fix, deadline %s\n", len(c.ks), c.runs, c.fixRuns, c.opts.Timeout)
	phase := c.phases(w)
	phase("files, metadata, READMEs and handouts, single-sourced tests")
	c.checkFiles()
	phase("gofmt, and the grader's embedded copy of the katas")
	c.checkSources()
	present := c.present()
	phase(fmt.Sprintf("stubs: each must fail with its declared class, its diagnosis at the bug, in all %d runs", c.runs))
	if err := c.checkStubs(ctx, present); err != nil {
		return goFault(err)
	}
	phase(fmt.Sprintf("solutions: each must pass all %d runs and %d perturbed ones under -race with no goroutine left behind", c.runs, c.explore))
	if err := c.checkSolutions(ctx, present); err != nil {
		return goFault(err)
	}
	phase(fmt.Sprintf("wrong fixes: each must fail with its declared class and phrase in all %d runs", c.fixRuns))
	nWrong, err := c.checkFixes(ctx, present, kata.WrongFixesFile)
	if err != nil {
		return goFault(err)
	}
	phase(fmt.Sprintf("right fixes (correct, unlike the reference): each must pass all %d runs and %d perturbed ones", c.fixRuns, c.explore))
	nRight, err := c.checkFixes(ctx, present, kata.RightFixesFile)
	if err != nil {
		return goFault(err)
	}
	phase("")
	return c.summary(start, nWrong, nRight)
}

// courseHints is how many hints each kata of the course gives (the metadata loader accepts
// three or more; the course's own contract is four, each closer to the fix).
const courseHints = 4

// devCheckPhases is how many phases run prints.
const devCheckPhases = 6

// phases returns a function that starts the next phase: it prints the time the one before
// took (on its own line, so a slow phase is easy to find), then the new phase's heading;
// called with "" it only closes the last phase.
func (c *devCheck) phases(w io.Writer) func(heading string) {
	n, began := 0, time.Now()
	return func(heading string) {
		if n > 0 {
			fmt.Fprintf(w, "      [%d/%d] took %s\n", n, devCheckPhases, time.Since(began).Round(100*time.Millisecond))
		}
		if heading == "" {
			return
		}
		n, began = n+1, time.Now()
		fmt.Fprintf(w, "[%d/%d] %s\n", n, devCheckPhases, heading)
	}
}

// present is the selected katas whose folder exists (a missing one is a layout violation).
func (c *devCheck) present() []*kata.Kata {
	var ok []*kata.Kata
	for _, k := range c.ks {
		if exists(filepath.Join(c.r.root, filepath.FromSlash(k.KataDir()))) {
			ok = append(ok, k)
		}
	}
	return ok
}

func (c *devCheck) checkFiles() {
	for _, k := range c.ks {
		for _, v := range k.CheckFiles(c.r.root) {
			c.add(k.Name, "%s", v)
		}
		if len(k.Hints) != courseHints {
			c.add(k.Name, "metadata: %d hints; the course gives %d, from where to look to nearly the code (docs/authoring.md)", len(k.Hints), courseHints)
		}
		if k.Diagnosis.At == "" || strings.TrimSpace(k.Diagnosis.Phrase) == "" {
			c.add(k.Name, "metadata: diagnosis.at and diagnosis.phrase must say what the stub's diagnosis shows")
		}
	}
	if c.all {
		for _, v := range c.r.checkHandouts() {
			c.add("", "%s", v)
		}
	}
}

func (c *devCheck) checkSources() {
	for _, v := range c.r.checkGofmt() {
		c.add("", "%s", v)
	}
	r := c.r
	if snap, err := kata.Snapshot(r.root, r.cat); err != nil {
		c.add("", "%v", err)
	} else if cur, _ := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(kata.OriginalsPath))); !bytes.Equal(snap, cur) {
		c.add("", "%s is stale: run 'go run ./grader dev snapshot' and commit it", kata.OriginalsPath)
	} else if !bytes.Equal(snap, kata.OriginalsData()) {
		c.add("", "this grader binary embeds an older %s: rebuild it", kata.OriginalsPath)
	}
}

func (c *devCheck) checkStubs(ctx context.Context, ks []*kata.Kata) error {
	opts := c.opts
	opts.Progress = progressPrinter(c.env, "stubs")
	outs, err := grade.Run(ctx, c.r.targets(ks), opts)
	if err != nil {
		return err
	}
	for i, out := range outs {
		k := ks[i]
		c.spent(k.Name, out.RunTime)
		if wrong := otherVerdicts(out.Verdicts, k.Verdict()); len(wrong) > 0 {
			c.add(k.Name, "stub: declared %q, but %s in %d runs (%s)", k.Failure, describe(wrong), len(out.Verdicts), offRun(out, k.Verdict()))
			continue
		}
		if k.Diagnosis.At == "" {
			continue
		}
		missed := map[string]int{}
		for _, fs := range out.RunFindings {
			if why := c.missesExpect(k, fs); why != "" {
				missed[why]++
			}
		}
		for why, n := range missed {
			c.add(k.Name, "stub diagnosis: %s in %d of %d runs", why, n, len(out.RunFindings))
		}
	}
	return nil
}

// missesExpect says how a run's findings miss the kata's declared diagnosis, or "".
func (c *devCheck) missesExpect(k *kata.Kata, fs []diagnose.Finding) string {
	file, from, to, _ := k.Diagnosis.Place()
	path := k.KataDir() + "/" + file
	at := false
	for _, f := range fs {
		for _, l := range f.Locations {
			if l.File == path && l.Line >= from && l.Line <= to {
				at = true
			}
		}
	}
	var why []string
	if !at {
		why = append(why, fmt.Sprintf("names no line of %s", k.Diagnosis.At))
	}
	if !strings.Contains(plainFindings(fs), k.Diagnosis.Phrase) {
		why = append(why, fmt.Sprintf("does not say %q", k.Diagnosis.Phrase))
	}
	return strings.Join(why, " and ")
}

// plainFindings is the text the learner reads for a run's findings, without colour.
func plainFindings(fs []diagnose.Finding) string {
	var b bytes.Buffer
	render.Findings(&b, render.Style{}, nil, fs)
	return b.String()
}

func otherVerdicts(verdicts []verdict.Verdict, want verdict.Verdict) map[verdict.Verdict]int {
	other := map[verdict.Verdict]int{}
	for _, v := range verdicts {
		if v != want {
			other[v]++
		}
	}
	return other
}

func (c *devCheck) checkSolutions(ctx context.Context, ks []*kata.Kata) error {
	overlay := kata.SolutionOverlay(c.r.root, ks)
	opts := c.opts
	opts.Overlay = overlay
	opts.Explore = c.explore
	opts.Progress = progressPrinter(c.env, "solutions")
	targets := c.r.targets(ks)
	for i := range targets {
		targets[i].Read = overlay
	}
	outs, err := grade.Run(ctx, targets, opts)
	if err != nil {
		return err
	}
	type timing struct {
		name string
		ms   int64
	}
	var slow []timing
	for i, out := range outs {
		k := ks[i]
		c.spent(k.Name, out.RunTime)
		if failed := otherVerdicts(out.Verdicts, verdict.Pass); len(failed) > 0 {
			c.add(k.Name, "solution: %s in %d runs (%s)", describe(failed), len(out.Verdicts), offRun(out, verdict.Pass))
		}
		if n := int64(len(out.Verdicts)); n > 0 {
			slow = append(slow, timing{k.Name, out.RunTime.Milliseconds() / n})
		}
	}
	sort.Slice(slow, func(i, j int) bool { return slow[i].ms > slow[j].ms })
	if len(slow) > 0 {
		var parts []string
		for _, t := range slow[:min(3, len(slow))] {
			parts = append(parts, fmt.Sprintf("%s %d ms", t.name, t.ms))
		}
		fmt.Fprintf(c.env.Stdout, "      slowest solutions (mean per run, under load): %s\n", strings.Join(parts, ", "))
	}
	return nil
}

// fixJob is one fix of one kata to prove.
type fixJob struct {
	k   *kata.Kata
	fix kata.Fix
}

// checkFixes proves every fix of the given archive: a wrong fix must fail with its declared
// class and show its phrase in every run; a right fix must pass every run. Each fix is built
// once through the overlay (the tree is never touched) and its runs go in parallel; a few fixes
// are built at a time. It returns how many fixes it checked.
func (c *devCheck) checkFixes(ctx context.Context, ks []*kata.Kata, file string) (int, error) {
	wrong := file == kata.WrongFixesFile
	var jobs []fixJob
	for _, k := range ks {
		fixes, err := kata.LoadFixes(c.r.root, k, file)
		if err != nil {
			c.add(k.Name, "%v", err)
			continue
		}
		if wrong && len(fixes) < kata.MinWrongFixes {
			c.add(k.Name, "%s has %d wrong fixes, needs at least %d: a kata is not done until its wrong fixes fail", k.SolutionDir()+"/"+file, len(fixes), kata.MinWrongFixes)
		}
		for _, f := range fixes {
			jobs = append(jobs, fixJob{k, f})
		}
	}
	if len(jobs) == 0 {
		return 0, nil
	}
	tmp, err := os.MkdirTemp("", "grader-fixes")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	label := "right fixes"
	if wrong {
		label = "wrong fixes"
	}
	progress := progressPrinterOf(c.env, label, "fixes")
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	// Most runs of a wrong fix wait (on a deadline, on a synctest bubble): more fixes at once
	// than CPUs keeps the machine busy.
	sem := make(chan struct{}, max(1, 2*runtime.NumCPU()))
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			err := c.checkFix(ctx, filepath.Join(tmp, fmt.Sprint(i)), j, wrong)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			done++
			progress(done, len(jobs))
		})
	}
	wg.Wait()
	return len(jobs), firstErr
}

func (c *devCheck) checkFix(ctx context.Context, dir string, j fixJob, wrong bool) error {
	kdir := filepath.Join(c.r.root, filepath.FromSlash(j.k.KataDir()))
	overlay := map[string]string{}
	for name, data := range j.fix.Files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
		overlay[filepath.Join(kdir, name)] = p
	}
	opts := c.opts
	opts.Runs = c.fixRuns
	opts.Overlay = overlay
	if !wrong {
		opts.Explore = c.explore // a wrong fix's declared class is what plain runs show
	}
	opts.Parallel = max(2, c.opts.Parallel/max(1, runtime.NumCPU()))
	targets := c.r.targets([]*kata.Kata{j.k})
	targets[0].Read = overlay
	var out grade.Outcome
	if wrong && j.fix.Explore {
		o, err := gradings(ctx, targets, opts)
		if err != nil {
			return err
		}
		out = o
	} else {
		outs, err := grade.Run(ctx, targets, opts)
		if err != nil {
			return err
		}
		out = outs[0]
	}
	c.spent(j.k.Name, out.RunTime)
	name := fmt.Sprintf("%s fix %q", map[bool]string{true: "wrong", false: "right"}[wrong], j.fix.Name)
	if wrong && j.fix.Explore {
		name += fmt.Sprintf(" (explore: each run a grading, 1 plain run and %d perturbed)", DefaultExplore)
	}
	if c.show && wrong && len(out.RunFindings) > 0 {
		c.mu.Lock()
		fmt.Fprintf(c.env.Stdout, "\n--- %s: %s (declared %s, phrase %q) ---\n%s\n", j.k.Name, name, j.fix.Failure, j.fix.Phrase, plainFindings(out.RunFindings[0]))
		c.mu.Unlock()
	}
	if !wrong {
		if failed := otherVerdicts(out.Verdicts, verdict.Pass); len(failed) > 0 {
			c.add(j.k.Name, "%s is correct but %s in %d runs (%s)", name, describe(failed), len(out.Verdicts), offRun(out, verdict.Pass))
		}
		return nil
	}
	if n := len(out.Verdicts) - countOther(out.Verdicts, verdict.Pass); n > 0 {
		c.add(j.k.Name, "%s passes in %d of %d runs: the tests accept it (%s)", name, n, len(out.Verdicts), j.fix.What)
		return nil
	}
	if other := otherVerdicts(out.Verdicts, j.fix.Verdict()); len(other) > 0 {
		c.add(j.k.Name, "%s: declared %q, but %s in %d runs (%s)", name, j.fix.Failure, describe(other), len(out.Verdicts), offRun(out, j.fix.Verdict()))
		return nil
	}
	missing := 0
	for _, fs := range out.RunFindings {
		if !strings.Contains(plainFindings(fs), j.fix.Phrase) {
			missing++
		}
	}
	if missing > 0 {
		c.add(j.k.Name, "%s: the learner does not see %q in %d of %d runs (%s)", name, j.fix.Phrase, missing, len(out.RunFindings), oneLine(out.Report))
	}
	return nil
}

// gradings grades a wrong fix declared with explore as the kata commands would, opts.Runs
// times: each grading is a plain run and DefaultExplore perturbed ones, stopping at the first
// failure. The outcome has one "run" per grading: the verdict, findings and schedule of the run
// that grading showed.
func gradings(ctx context.Context, targets []grade.Target, opts grade.Options) (grade.Outcome, error) {
	n := opts.Runs
	opts.Runs, opts.Explore, opts.AllRuns = 1, DefaultExplore, false
	var out grade.Outcome
	for range n {
		outs, err := grade.Run(ctx, targets, opts)
		if err != nil {
			return out, err
		}
		r := outs[0].Report
		out.Report = r
		out.RunTime += outs[0].RunTime
		out.Verdicts = append(out.Verdicts, r.Verdict)
		out.RunFindings = append(out.RunFindings, r.Findings)
		s := explore.Schedule{}
		if r.Schedule != nil {
			s = explore.Schedule{Seed: r.Schedule.Seed, Procs: r.Schedule.GOMAXPROCS}
		}
		out.Schedules = append(out.Schedules, s)
	}
	return out, nil
}

// offRun is what the first run whose verdict is not want showed: the run a violation is about,
// which the outcome's report (the worst run) need not be.
func offRun(out grade.Outcome, want verdict.Verdict) string {
	for i, v := range out.Verdicts {
		if v != want && i < len(out.RunFindings) {
			line := oneLine(diagnose.Report{Verdict: v, Findings: out.RunFindings[i]})
			if i < len(out.Schedules) && out.Schedules[i].Procs > 0 {
				line += "; perturbed run, " + out.Schedules[i].String()
			}
			return line
		}
	}
	return oneLine(out.Report)
}

func countOther(verdicts []verdict.Verdict, want verdict.Verdict) int {
	n := 0
	for _, v := range verdicts {
		if v != want {
			n++
		}
	}
	return n
}

func (c *devCheck) summary(start time.Time, nWrong, nRight int) error {
	w, s := c.env.Stdout, c.env.Style
	elapsed := time.Since(start).Round(100 * time.Millisecond)
	if cost := c.costliest(5); cost != "" {
		fmt.Fprintf(w, "      %s\n", cost)
	}
	if len(c.vs) == 0 {
		fmt.Fprintf(w, "%s dev check passed: %d katas, %d wrong fixes rejected, %d right fixes accepted, in %s\n", s.Green("✓"), len(c.ks), nWrong, nRight, elapsed)
		return nil
	}
	sort.SliceStable(c.vs, func(i, j int) bool { return c.vs[i].kata < c.vs[j].kata })
	fmt.Fprintf(w, "\n%s dev check found %d violation(s) in %s (%d wrong fixes, %d right fixes checked):\n", s.Red("✗"), len(c.vs), elapsed, nWrong, nRight)
	for _, v := range c.vs {
		if v.kata == "" {
			fmt.Fprintf(w, "  - %s\n", v.msg)
		} else {
			fmt.Fprintf(w, "  - %s: %s\n", s.Bold(v.kata), v.msg)
		}
	}
	return errFailed
}
