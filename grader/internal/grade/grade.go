package grade

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/explore"
	"gokatas/grader/internal/runner"
	"gokatas/grader/internal/testevent"
	"gokatas/grader/internal/verdict"
)

// Target is one package to grade.
type Target struct {
	Dir   string   // the package directory
	Focus []string // absolute paths of the files to prefer in locations (the learner's)
	// Read maps an absolute source path to the file whose contents were compiled in its place
	// (from an overlay), so that source lines are shown from the right file.
	Read map[string]string
}

// Options controls a grading.
type Options struct {
	Race     bool
	Runs     int           // runs per package (default 1)
	Timeout  time.Duration // deadline of each run
	Parallel int           // processes at once (default: four per CPU)
	// AllRuns runs every one of Runs even after a failure (grader dev check); otherwise a
	// package stops at its first failing run.
	AllRuns bool
	// Ordered stops starting packages once an earlier package (in Targets order) has failed
	// and every package before it has finished: the course stops at the first kata not done.
	Ordered bool
	// Overlay replaces files at build time: absolute path -> file compiled in its place.
	Overlay map[string]string
	// NoLeakCheck turns off the leak check the grader adds to packages without a TestMain.
	NoLeakCheck bool
	// CacheDir keeps linked test binaries between gradings (runner.DefaultCacheDir); "" never.
	CacheDir string
	Display  func(abs string) string // how paths are shown
	// Progress, if set, is called after each run, from one goroutine at a time.
	Progress func(done, total int)
	// Explore adds perturbed runs (package explore) to each package's Runs plain ones: the
	// package's code is built with scheduling points, and each of these runs gets a schedule of
	// its own. They run in parallel with the plain runs; without AllRuns they stop once the
	// package has failed.
	Explore int
	// Budget, if set, keeps starting perturbed runs after the Explore ones, until a package
	// fails or this much time has passed since the runs began (grader diagnose --explore).
	Budget time.Duration
	// Seeds, if set, are the seeds of the perturbed runs, in turn (a replay); otherwise every
	// grading draws its own.
	Seeds []uint64
	// ColdBuild, if set, is called before a build that compiles the toolchain's (race-enabled)
	// standard library for the first time, which takes long; the build calls the function it
	// returns when it ends.
	ColdBuild func() (done func())
}

// Outcome is the grading of one target.
type Outcome struct {
	Target   Target
	Report   diagnose.Report
	Verdicts []verdict.Verdict // the verdict of each run, in the order they finished
	// RunFindings are the findings of each run, in the order of Verdicts: what the learner
	// would have seen had that run been the one shown.
	RunFindings [][]diagnose.Finding
	// Schedules are the schedules of each run, in the order of Verdicts: the zero Schedule
	// for a plain run.
	Schedules []explore.Schedule
	Skipped   bool          // never run (Ordered stopped before it)
	RunTime   time.Duration // the runs' own time, without the build
}

// Run grades the targets.
func Run(ctx context.Context, targets []Target, opts Options) ([]Outcome, error) {
	if opts.Runs < 1 && !opts.exploring() {
		opts.Runs = 1 // with exploration, zero plain runs is a choice (a replay)
	}
	opts.Runs = max(opts.Runs, 0)
	if opts.Parallel < 1 {
		opts.Parallel = 4 * runtime.NumCPU() // most runs wait (on a deadline, on the race runtime): more than the CPUs
	}
	pkgs := make([]runner.Package, len(targets))
	for i, t := range targets {
		p, err := runner.NewPackage(t.Dir)
		if err != nil {
			return nil, err
		}
		pkgs[i] = p
	}
	tmp, err := os.MkdirTemp("", "grader")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)

	overlay, overlayMap, err := writeOverlay(targets, opts, tmp)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	buildDone := func() {}
	if opts.ColdBuild != nil && runner.ColdToolchain(opts.Race) {
		buildDone = opts.ColdBuild()
	}
	built, err := runner.Build(ctx, pkgs, runner.BuildOptions{
		Race: opts.Race, Overlay: overlay, OverlayMap: overlayMap, OutDir: tmp, CacheDir: opts.CacheDir,
	})
	buildDone()
	if err != nil {
		return nil, err
	}
	buildTime := time.Since(start)

	outs := make([]Outcome, len(targets))
	srcs := make([]*diagnose.Source, len(targets))
	for i, t := range targets {
		srcs[i] = &diagnose.Source{PkgDir: pkgs[i].Dir, Focus: t.Focus, Display: opts.Display, Read: t.Read}
		outs[i] = Outcome{Target: t, Report: diagnose.Report{
			Dir: display(opts.Display, pkgs[i].Dir), Package: pkgs[i].ImportPath, Findings: []diagnose.Finding{},
		}}
	}

	s := &scheduler{opts: opts, built: built, srcs: srcs, outs: outs, failedAt: -1, finished: make([]bool, len(targets)), seed: explore.Seeds(1)[0]}
	for i := range targets {
		if built[i].Binary == "" {
			s.finishUnrun(i)
		}
	}
	s.total = s.countRuns()
	s.run(ctx)
	runner.Prune(opts.CacheDir, len(targets))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.runErr != nil {
		return nil, s.runErr
	}
	// go vet's concurrency checks: a finding fails the package even when its tests pass, and
	// explains a failure the runs cannot (t.Fatal from a goroutine is an ordinary failure there).
	for i := range outs {
		if built[i].VetRan && built[i].Binary != "" {
			addVet(&outs[i], diagnose.VetFindings(srcs[i], vetReports(built[i].Vet)))
		}
	}
	for i := range outs {
		r := &outs[i].Report
		r.DurationMS += buildTime.Milliseconds() / int64(len(outs))
	}
	return outs, nil
}

// addVet adds vet's findings to every run of a package, and lets them decide the verdict
// where they are worse than what the run found.
func addVet(o *Outcome, vet []diagnose.Finding) {
	if len(vet) == 0 {
		return
	}
	r := &o.Report
	for k := range o.Verdicts {
		o.RunFindings[k] = append(slices.Clone(vet), o.RunFindings[k]...)
		if o.Verdicts[k] == verdict.Pass {
			r.FailedRuns++
		}
		o.Verdicts[k] = verdict.Worse(o.Verdicts[k], verdict.Vet)
	}
	if r.Verdict == verdict.Pass || r.Verdict == "" {
		r.Findings = nil
	}
	r.Findings = append(slices.Clone(vet), r.Findings...)
	r.Verdict = verdict.Worse(r.Verdict, verdict.Vet)
}

// writeOverlay writes the build overlay: the caller's replacements plus the leak checks.
func writeOverlay(targets []Target, opts Options, tmp string) (string, map[string]string, error) {
	replace := map[string]string{}
	for k, v := range opts.Overlay {
		replace[k] = v
	}
	if opts.exploring() {
		for _, t := range targets {
			points, err := explore.Overlay(Abs(t.Dir), opts.Overlay, tmp)
			if err != nil {
				return "", nil, fmt.Errorf("adding scheduling points to %s: %w", t.Dir, err)
			}
			maps.Copy(replace, points)
		}
	}
	if !opts.NoLeakCheck {
		for _, t := range targets {
			target, source, ok, err := leakCheck(Abs(t.Dir), tmp)
			if err != nil {
				return "", nil, fmt.Errorf("adding the leak check to %s: %w", t.Dir, err)
			}
			if ok {
				replace[target] = source
			}
		}
	}
	if len(replace) == 0 {
		return "", nil, nil
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", nil, fmt.Errorf("writing the build overlay: %w", err)
	}
	return path, replace, nil
}

// exploring reports whether the grading has perturbed runs.
func (o Options) exploring() bool { return o.Explore > 0 || o.Budget > 0 || len(o.Seeds) > 0 }

func display(f func(string) string, abs string) string {
	if f == nil {
		return abs
	}
	return f(abs)
}

type scheduler struct {
	opts  Options
	built []runner.Built
	srcs  []*diagnose.Source
	outs  []Outcome
	seed  uint64 // the first seed of this grading's perturbed runs

	mu             sync.Mutex
	runErr         error // the first run that could not be made (not one cancelled)
	done           int
	total          int
	failedAt       int    // lowest index of a failed package, -1 if none
	finished       []bool // package graded
	pending        []int  // per package, the runs not yet recorded or skipped
	shownPerturbed []bool // per package, whether the report shows a perturbed run
	// stop cancels a package's runs still going once it has failed (without AllRuns): its
	// verdict is known, and a perturbed run may be waiting out its deadline.
	pkgCtx []context.Context
	stop   []context.CancelFunc
	// plainDone is closed once a package's plain runs are over (without AllRuns): its
	// perturbed runs start then, if it passed.
	plainDone []chan struct{}
}

// finishUnrun records a package that has no binary: a build failure, or no tests.
func (s *scheduler) finishUnrun(i int) {
	r := &s.outs[i].Report
	b := s.built[i]
	switch {
	case b.Failed:
		r.Verdict = verdict.BuildError
		r.Findings = diagnose.Build(s.srcs[i], b.Pkg.Module.Root, b.BuildOutput)
		r.Runs, r.FailedRuns = 1, 1
		s.outs[i].Verdicts = []verdict.Verdict{verdict.BuildError}
		s.outs[i].RunFindings = [][]diagnose.Finding{r.Findings}
		s.outs[i].Schedules = []explore.Schedule{{}}
		s.noteFailure(i)
	case b.NoTests:
		r.Verdict = verdict.Pass
	}
	s.finished[i] = true
}

// countRuns sets the runs each package is to make, and returns their sum.
func (s *scheduler) countRuns() int {
	s.pending = make([]int, len(s.built))
	s.shownPerturbed = make([]bool, len(s.built))
	n := 0
	for i := range s.built {
		if s.built[i].Binary != "" {
			s.pending[i] = s.opts.Runs + s.opts.Explore
			n += s.pending[i]
		}
	}
	return n
}

func (s *scheduler) noteFailure(i int) {
	if s.failedAt < 0 || i < s.failedAt {
		s.failedAt = i
	}
}

// stopBefore reports whether package i should not start: an earlier package failed and every
// package before that one is finished.
func (s *scheduler) stopBefore(i int) bool {
	if !s.opts.Ordered || s.failedAt < 0 || i <= s.failedAt {
		return false
	}
	for j := 0; j < s.failedAt; j++ {
		if !s.finished[j] {
			return false
		}
	}
	return true
}

// job is a package's plain runs up to its first failure (run < 0), one plain run (run >= 0,
// under AllRuns), or one perturbed run (perturbed).
type job struct {
	pkg, run  int
	perturbed bool
	sched     explore.Schedule
}

func (s *scheduler) run(ctx context.Context) {
	s.pkgCtx = make([]context.Context, len(s.built))
	s.stop = make([]context.CancelFunc, len(s.built))
	s.plainDone = make([]chan struct{}, len(s.built))
	for i := range s.built {
		s.pkgCtx[i], s.stop[i] = context.WithCancel(ctx)
		defer s.stop[i]()
		s.plainDone[i] = make(chan struct{})
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range s.opts.Parallel {
		wg.Go(func() {
			for j := range jobs {
				s.do(ctx, j)
			}
		})
	}
	defer wg.Wait()
	defer close(jobs)
	start := time.Now()
	next := 0 // perturbed runs started, over all packages: the offset of the next seed
	perturbed := func(i int) bool {
		j := job{pkg: i, run: -1, perturbed: true, sched: explore.For(s.seedOf(next))}
		next++
		return s.send(ctx, jobs, j)
	}
	// Under AllRuns every run goes at once. Otherwise the plain runs go first, and a package's
	// perturbed runs only once its plain ones have passed: a package that fails, as most do
	// while a learner works, costs what it did without exploration (its plain runs), instead
	// of several processes waiting out a deadline.
	for i := range s.built {
		if s.built[i].Binary == "" {
			continue
		}
		if s.opts.AllRuns {
			for r := range s.opts.Runs {
				if !s.send(ctx, jobs, job{pkg: i, run: r}) {
					return
				}
			}
			for range s.opts.Explore {
				if !perturbed(i) {
					return
				}
			}
			continue
		}
		if s.opts.Runs == 0 {
			close(s.plainDone[i])
		} else if !s.send(ctx, jobs, job{pkg: i, run: -1}) {
			return
		}
	}
	for i := range s.built {
		if s.built[i].Binary == "" || s.opts.AllRuns {
			continue
		}
		select {
		case <-s.plainDone[i]:
		case <-ctx.Done():
			return
		}
		if s.failed(i) || s.isFinished(i) {
			s.mu.Lock()
			s.settle(i, min(s.opts.Explore, s.pending[i]))
			s.mu.Unlock()
			continue
		}
		for range s.opts.Explore {
			if !perturbed(i) {
				return
			}
		}
	}
	// Within a budget, perturbed runs go on for every package that has not failed yet.
	for s.opts.Budget > 0 && time.Since(start) < s.opts.Budget {
		any := false
		for i := range s.built {
			if s.built[i].Binary == "" || s.failed(i) {
				continue
			}
			any = true
			s.mu.Lock()
			s.pending[i]++
			s.total++
			s.mu.Unlock()
			if !perturbed(i) {
				return
			}
		}
		if !any {
			return
		}
	}
}

func (s *scheduler) isFinished(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished[i]
}

// seedOf is the seed of the k-th perturbed run of the grading.
func (s *scheduler) seedOf(k int) uint64 {
	if n := len(s.opts.Seeds); n > 0 {
		return s.opts.Seeds[k%n]
	}
	return s.seed + uint64(k)
}

func (s *scheduler) failed(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.outs[i].Report.FailedRuns > 0
}

func (s *scheduler) send(ctx context.Context, jobs chan<- job, j job) bool {
	s.mu.Lock()
	stop := s.stopBefore(j.pkg)
	if stop {
		s.outs[j.pkg].Skipped = s.outs[j.pkg].Report.Runs == 0
	}
	s.mu.Unlock()
	if stop {
		if j.run < 0 && !j.perturbed {
			close(s.plainDone[j.pkg]) // never to run
		}
		return true
	}
	select {
	case jobs <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

// do performs one run (j.run >= 0, or perturbed) or a package's plain runs up to its first
// failure (j.run < 0).
func (s *scheduler) do(ctx context.Context, j job) {
	n := 1
	if j.run < 0 && !j.perturbed {
		n = s.opts.Runs
		defer close(s.plainDone[j.pkg])
	}
	for k := 0; k < n; k++ {
		if s.skip(j, n-k) {
			return
		}
		d, err := s.runOnce(s.pkgCtx[j.pkg], j)
		if err != nil {
			s.mu.Lock()
			defer s.mu.Unlock()
			switch {
			case ctx.Err() != nil: // the grading is over
			case s.pkgCtx[j.pkg].Err() != nil: // the package failed meanwhile: this run no longer counts
				s.settle(j.pkg, n-k)
			default: // the run could not be made: no verdict may be given without it
				if s.runErr == nil {
					s.runErr = fmt.Errorf("running the tests of %s: %w", s.outs[j.pkg].Report.Dir, err)
				}
				s.settle(j.pkg, n-k)
			}
			return
		}
		if s.record(j, n-k-1, d) && j.run < 0 {
			return // stopped at its first failure
		}
	}
}

// skip reports whether job j is not to make its remaining left runs: Ordered stopped before
// its package, or (without AllRuns) the package has failed already. Skipped runs count as done.
func (s *scheduler) skip(j job, left int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &s.outs[j.pkg]
	stop := s.stopBefore(j.pkg)
	if !stop && (s.opts.AllRuns || o.Report.FailedRuns == 0) {
		return false
	}
	if stop {
		o.Skipped = o.Report.Runs == 0
	}
	s.settle(j.pkg, left)
	return true
}

// settle counts left runs of package i as done without running them.
func (s *scheduler) settle(i, left int) {
	s.done += left
	s.pending[i] -= left
	if s.pending[i] <= 0 {
		s.finished[i] = true
	}
	if s.opts.Progress != nil && left > 0 {
		s.opts.Progress(s.done, s.total)
	}
}

// diagnosed is one run of a package and what diagnose made of it.
type diagnosed struct {
	res      runner.Run
	findings []diagnose.Finding
	verdict  verdict.Verdict
	text     string // the run's output, as the events give it
}

// runOnce runs the test binary of job j's package once and diagnoses the run.
func (s *scheduler) runOnce(ctx context.Context, j job) (diagnosed, error) {
	b := s.built[j.pkg]
	ro := runner.RunOptions{Timeout: s.opts.Timeout}
	if j.perturbed {
		ro.Env = j.sched.Env()
	}
	res, err := runner.RunBinary(ctx, b.Binary, b.Pkg.Dir, ro)
	if err != nil {
		return diagnosed{}, err
	}
	exec := testevent.Parse(res.Events)
	d := diagnosed{res: res, text: exec.Text()}
	if !res.Passed() {
		d.findings = diagnose.Run(s.srcs[j.pkg], diagnose.Process{ExitCode: res.ExitCode, Killed: res.Killed}, exec, s.opts.Timeout)
	} else if exec.AllSkipped() {
		d.findings = diagnose.Skipped(exec)
	}
	d.verdict = diagnose.VerdictOf(d.findings)
	if d.verdict == verdict.Pass && !res.Passed() {
		d.verdict = verdict.Fail
	}
	return d, nil
}

// record adds a run to its package's outcome and progress; left is how many runs of the job
// come after it. It reports whether the run failed.
//
// The report shows the first failing run, but a plain run's failure replaces a perturbed
// one's: what the learner sees then comes from the schedule they would get themselves.
func (s *scheduler) record(j job, left int, d diagnosed) (failed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &s.outs[j.pkg]
	r := &o.Report
	r.Runs++
	if j.perturbed {
		r.PerturbedRuns++
	}
	r.DurationMS += d.res.Duration.Milliseconds()
	o.RunTime += d.res.Duration
	o.Verdicts = append(o.Verdicts, d.verdict)
	o.RunFindings = append(o.RunFindings, d.findings)
	sched := explore.Schedule{}
	if j.perturbed {
		sched = j.sched
	}
	o.Schedules = append(o.Schedules, sched)
	failed = d.verdict != verdict.Pass
	if failed {
		r.FailedRuns++
		first := r.Verdict == "" || r.Verdict == verdict.Pass
		if first || (s.shownPerturbed[j.pkg] && !j.perturbed) {
			r.Verdict = d.verdict
			r.Findings = d.findings
			r.Output = d.text
			r.Schedule = nil
			if j.perturbed {
				r.Schedule = &diagnose.Schedule{Seed: j.sched.Seed, GOMAXPROCS: j.sched.Procs}
			}
			s.shownPerturbed[j.pkg] = j.perturbed
		}
		s.noteFailure(j.pkg)
		if !s.opts.AllRuns {
			s.stop[j.pkg]()
		}
	} else if r.Verdict == "" {
		r.Verdict = verdict.Pass
	}
	s.done++
	s.pending[j.pkg]--
	if s.pending[j.pkg] <= 0 {
		s.finished[j.pkg] = true
	}
	if s.opts.Progress != nil {
		s.opts.Progress(s.done, s.total)
	}
	if failed && j.run < 0 && !j.perturbed && left > 0 {
		s.settle(j.pkg, left) // the plain runs it will not make count as done
	}
	return failed
}

// Abs makes dir absolute, for callers building Targets.
func Abs(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	return abs
}

// vetReports hands the runner's vet reports to diagnose, which knows nothing of the runner.
func vetReports(diags []runner.VetDiag) []diagnose.VetReport {
	out := make([]diagnose.VetReport, len(diags))
	for i, d := range diags {
		out[i] = diagnose.VetReport(d)
	}
	return out
}
