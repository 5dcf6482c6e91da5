package grade

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"gokatas/grader/internal/diagnose"
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
	Skipped     bool          // never run (Ordered stopped before it)
	RunTime     time.Duration // the runs' own time, without the build
}

// Run grades the targets.
func Run(ctx context.Context, targets []Target, opts Options) ([]Outcome, error) {
	if opts.Runs < 1 {
		opts.Runs = 1
	}
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

	s := &scheduler{opts: opts, built: built, srcs: srcs, outs: outs, failedAt: -1, finished: make([]bool, len(targets))}
	for i := range targets {
		if built[i].Binary == "" {
			s.finishUnrun(i)
		}
	}
	s.total = s.countRuns()
	s.run(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
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

	mu       sync.Mutex
	done     int
	total    int
	failedAt int    // lowest index of a failed package, -1 if none
	finished []bool // package graded
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
		s.noteFailure(i)
	case b.NoTests:
		r.Verdict = verdict.Pass
	}
	s.finished[i] = true
}

func (s *scheduler) countRuns() int {
	n := 0
	for i := range s.built {
		if s.built[i].Binary != "" {
			n += s.opts.Runs
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

type job struct{ pkg, run int }

func (s *scheduler) run(ctx context.Context) {
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
	for i := range s.built {
		if s.built[i].Binary == "" {
			continue
		}
		if s.opts.AllRuns {
			for r := range s.opts.Runs {
				if !s.send(ctx, jobs, job{i, r}) {
					return
				}
			}
		} else if !s.send(ctx, jobs, job{i, -1}) {
			return
		}
	}
}

func (s *scheduler) send(ctx context.Context, jobs chan<- job, j job) bool {
	s.mu.Lock()
	stop := s.stopBefore(j.pkg)
	if stop {
		s.outs[j.pkg].Skipped = true
	}
	s.mu.Unlock()
	if stop {
		return true
	}
	select {
	case jobs <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

// do performs one run (j.run >= 0) or a package's runs up to its first failure (j.run < 0).
func (s *scheduler) do(ctx context.Context, j job) {
	n := 1
	if j.run < 0 {
		n = s.opts.Runs
	}
	for k := 0; k < n; k++ {
		if s.skip(j.pkg) {
			return
		}
		d, err := s.runOnce(ctx, j.pkg)
		if err != nil {
			return // cancelled
		}
		if s.record(j, n-k-1, d) && j.run < 0 {
			return // stopped at its first failure
		}
	}
	s.mu.Lock()
	s.finished[j.pkg] = true
	s.mu.Unlock()
}

// skip reports whether package i is not to be run any more (Ordered stopped before it), and
// marks it finished if so.
func (s *scheduler) skip(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopBefore(i) {
		return false
	}
	s.outs[i].Skipped = s.outs[i].Report.Runs == 0
	s.finished[i] = true
	return true
}

// diagnosed is one run of a package and what diagnose made of it.
type diagnosed struct {
	res      runner.Run
	findings []diagnose.Finding
	verdict  verdict.Verdict
	text     string // the run's output, as the events give it
}

// runOnce runs package i's test binary once and diagnoses the run.
func (s *scheduler) runOnce(ctx context.Context, i int) (diagnosed, error) {
	b := s.built[i]
	res, err := runner.RunBinary(ctx, b.Binary, b.Pkg.Dir, runner.RunOptions{Timeout: s.opts.Timeout})
	if err != nil {
		return diagnosed{}, err
	}
	exec := testevent.Parse(res.Events)
	d := diagnosed{res: res, text: exec.Text()}
	if !res.Passed() {
		d.findings = diagnose.Run(s.srcs[i], diagnose.Process{ExitCode: res.ExitCode, Killed: res.Killed}, exec, s.opts.Timeout)
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
func (s *scheduler) record(j job, left int, d diagnosed) (failed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &s.outs[j.pkg]
	r := &o.Report
	r.Runs++
	r.DurationMS += d.res.Duration.Milliseconds()
	o.RunTime += d.res.Duration
	o.Verdicts = append(o.Verdicts, d.verdict)
	o.RunFindings = append(o.RunFindings, d.findings)
	failed = d.verdict != verdict.Pass
	if failed {
		r.FailedRuns++
		if r.Verdict == "" || r.Verdict == verdict.Pass {
			r.Verdict = d.verdict
			r.Findings = d.findings
			r.Output = d.text
		}
		s.noteFailure(j.pkg)
	} else if r.Verdict == "" {
		r.Verdict = verdict.Pass
	}
	s.done++
	if j.run < 0 && failed {
		s.done += left // the runs it will not make count as done
	}
	if s.opts.Progress != nil {
		s.opts.Progress(s.done, s.total)
	}
	if (j.run < 0 && failed) || r.Runs == s.opts.Runs {
		s.finished[j.pkg] = true
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
