package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/grade"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/runner"
)

// readmeSections are the headings every kata README has, in order (docs/authoring.md).
var readmeSections = []string{"## Your goal", "## What to look for", "## How it is caught", "## Run it", "## Read more"}

const devUsage = `Usage:
  go run ./grader dev check [--runs N] [--timeout D] [--parallel P] [KATA...]
      the maintainer's gate: every stub fails as declared, every solution passes, N runs each
  go run ./grader dev snapshot
      regenerate the grader's embedded copy of the kata files (after changing a kata)
`

func cmdDev(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("dev needs a subcommand: check or snapshot")
	}
	switch args[0] {
	case "check":
		return cmdDevCheck(ctx, env, args[1:])
	case "snapshot":
		r, err := openRepo(env)
		if err != nil {
			return err
		}
		return cmdDevSnapshot(env, r)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(env.Stdout, devUsage)
		return flag.ErrHelp
	}
	return usagef("unknown dev command %q: check or snapshot", args[0])
}

// violation is one broken invariant of the kata contract.
type violation struct{ kata, msg string }

// cmdDevCheck is the maintainer's gate: every stub fails with its declared class in every run,
// every solution passes every run under -race with no leak, tests are single-sourced, metadata
// and READMEs are complete, code is gofmt-clean.
func cmdDevCheck(ctx context.Context, env *Env, args []string) error {
	fset := newFlags(env, "dev check", "dev check [--runs N] [--timeout D] [--parallel P] [KATA...]")
	runs := fset.Int("runs", 20, "runs of each stub and each solution, as separate processes")
	timeout := fset.Duration("timeout", DefaultTimeout, "deadline of each run")
	parallel := fset.Int("parallel", 4*runtime.NumCPU(), "test processes at once")
	refs, err := parse(fset, args)
	if err != nil {
		return err
	}
	if *runs < 1 {
		return usagef("--runs must be at least 1")
	}
	r, err := openRepo(env)
	if err != nil {
		return err
	}
	ks := r.cat.Katas
	if len(refs) > 0 {
		ks = nil
		for _, ref := range refs {
			k, err := r.find(ref)
			if err != nil {
				return err
			}
			ks = append(ks, k)
		}
	}
	w, s := env.Stdout, env.Style
	start := time.Now()
	var vs []violation
	add := func(k, format string, a ...any) { vs = append(vs, violation{k, fmt.Sprintf(format, a...)}) }

	fmt.Fprintf(w, "dev check: %d katas, %d runs each of stub and solution, deadline %s\n", len(ks), *runs, *timeout)
	fmt.Fprintln(w, "[1/4] files, metadata, READMEs and handouts, single-sourced tests")
	for _, k := range ks {
		for _, v := range r.checkLayout(k) {
			add(k.Name, "%s", v)
		}
	}
	if len(refs) == 0 {
		for _, v := range r.checkHandouts() {
			add("", "%s", v)
		}
	}
	fmt.Fprintln(w, "[2/4] gofmt, and the grader's embedded copy of the katas")
	for _, v := range r.checkGofmt() {
		add("", "%s", v)
	}
	if snap, err := kata.Snapshot(r.root, r.cat); err != nil {
		add("", "%v", err)
	} else if cur, _ := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(kata.OriginalsPath))); !bytes.Equal(snap, cur) {
		add("", "%s is stale: run 'go run ./grader dev snapshot' and commit it", kata.OriginalsPath)
	} else if !bytes.Equal(snap, kata.OriginalsData()) {
		add("", "this grader binary embeds an older %s: rebuild it", kata.OriginalsPath)
	}

	stubOpts := grade.Options{Race: true, Runs: *runs, Timeout: *timeout, Parallel: *parallel, AllRuns: true, Display: r.relative, CacheDir: runner.DefaultCacheDir(), ColdBuild: coldBuildNotice(env)}
	var ok []*kata.Kata
	for _, k := range ks {
		if exists(filepath.Join(r.root, filepath.FromSlash(k.KataDir()))) {
			ok = append(ok, k)
		}
	}
	fmt.Fprintf(w, "[3/4] stubs: each must fail with its declared class in all %d runs\n", *runs)
	stubOpts.Progress = progressPrinter(env, "stubs")
	stubs, err := grade.Run(ctx, r.targets(ok), stubOpts)
	if err != nil {
		return goFault(err)
	}
	for i, out := range stubs {
		k := ok[i]
		want := k.Failure
		if want == kata.FailBuild {
			want = diagnose.BuildError
		}
		wrong := map[string]int{}
		for _, v := range out.Verdicts {
			if v != want {
				wrong[v]++
			}
		}
		if len(wrong) > 0 {
			add(k.Name, "stub: declared %q, but %s in %d runs (%s)", k.Failure, describe(wrong), len(out.Verdicts), oneLine(out.Report))
		}
	}

	fmt.Fprintf(w, "[4/4] solutions: each must pass all %d runs under -race with no goroutine left behind\n", *runs)
	overlay := r.solutionOverlay(ok)
	solOpts := stubOpts
	solOpts.Overlay = overlay
	solOpts.Progress = progressPrinter(env, "solutions")
	targets := r.targets(ok)
	for i := range targets {
		targets[i].Read = overlay
	}
	sols, err := grade.Run(ctx, targets, solOpts)
	if err != nil {
		return goFault(err)
	}
	type timing struct {
		name string
		ms   int64
	}
	var slow []timing
	for i, out := range sols {
		k := ok[i]
		failed := map[string]int{}
		for _, v := range out.Verdicts {
			if v != diagnose.Pass {
				failed[v]++
			}
		}
		if len(failed) > 0 {
			add(k.Name, "solution: %s in %d runs (%s)", describe(failed), len(out.Verdicts), oneLine(out.Report))
		}
		if n := int64(len(out.Verdicts)); n > 0 {
			slow = append(slow, timing{k.Name, out.RunTime.Milliseconds() / n})
		}
	}
	sort.Slice(slow, func(i, j int) bool { return slow[i].ms > slow[j].ms })
	if len(slow) > 0 {
		fmt.Fprintf(w, "slowest solutions (mean per run, under load): ")
		for i, t := range slow[:min(3, len(slow))] {
			if i > 0 {
				fmt.Fprint(w, ", ")
			}
			fmt.Fprintf(w, "%s %d ms", t.name, t.ms)
		}
		fmt.Fprintln(w)
	}

	elapsed := time.Since(start).Round(100 * time.Millisecond)
	if len(vs) == 0 {
		fmt.Fprintf(w, "%s dev check passed: %d katas, %d runs each way, in %s\n", s.Green("✓"), len(ks), *runs, elapsed)
		return nil
	}
	fmt.Fprintf(w, "\n%s dev check found %d violation(s) in %s:\n", s.Red("✗"), len(vs), elapsed)
	for _, v := range vs {
		if v.kata == "" {
			fmt.Fprintf(w, "  - %s\n", v.msg)
		} else {
			fmt.Fprintf(w, "  - %s: %s\n", s.Bold(v.kata), v.msg)
		}
	}
	return errFailed
}

func describe(m map[string]int) string {
	var parts []string
	for v, n := range m {
		parts = append(parts, fmt.Sprintf("%s %d time(s)", render.VerdictWords(v), n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// progressPrinter shows run progress: in place on a terminal, every 10% otherwise.
func progressPrinter(env *Env, label string) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total == 0 {
			return
		}
		pct := done * 100 / total
		if env.Style.Color {
			fmt.Fprintf(env.Stdout, "\r      %s: %d/%d runs", label, done, total)
			if done == total {
				fmt.Fprintln(env.Stdout)
			}
			return
		}
		if pct/10 != last/10 || done == total {
			last = pct
			fmt.Fprintf(env.Stdout, "      %s: %d/%d runs\n", label, done, total)
		}
	}
}

// relative shows a path relative to the repository root.
func (r *repo) relative(abs string) string {
	rel, err := filepath.Rel(r.root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return abs
	}
	return filepath.ToSlash(rel)
}

// checkLayout checks one kata's files against the contract.
func (r *repo) checkLayout(k *kata.Kata) []string {
	var out []string
	kdir := filepath.Join(r.root, filepath.FromSlash(k.KataDir()))
	sdir := filepath.Join(r.root, filepath.FromSlash(k.SolutionDir()))
	if !exists(kdir) {
		return []string{fmt.Sprintf("folder %s is missing", k.KataDir())}
	}
	readme, err := os.ReadFile(filepath.Join(kdir, "README.md"))
	if err != nil {
		out = append(out, "README.md is missing (it is the kata's handout page)")
	} else {
		pos := 0
		for _, sec := range readmeSections {
			i := bytes.Index(readme[pos:], []byte("\n"+sec+"\n"))
			if i < 0 {
				out = append(out, fmt.Sprintf("README.md lacks the section %q (or it is out of order)", sec))
				continue
			}
			pos += i + 1
		}
		if !bytes.HasPrefix(readme, []byte("# ")) {
			out = append(out, "README.md must start with a '# Title' line")
		}
	}
	entries, err := os.ReadDir(kdir)
	if err != nil {
		return append(out, err.Error())
	}
	var tests, own []string
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasSuffix(n, "_test.go"):
			tests = append(tests, n)
		case strings.HasSuffix(n, ".go") && !k.Editable(n):
			own = append(own, n)
		}
	}
	if len(tests) == 0 {
		out = append(out, "no _test.go file")
	}
	leakCheck := false
	for _, t := range tests {
		data, _ := os.ReadFile(filepath.Join(kdir, t))
		if bytes.Contains(data, []byte("goleak.VerifyTestMain(")) {
			leakCheck = true
		}
		if bytes.Contains(data, []byte("time.Sleep(")) {
			out = append(out, fmt.Sprintf("%s calls time.Sleep: synchronise with channels, WaitGroups or testing/synctest", t))
		}
	}
	if len(tests) > 0 && !leakCheck {
		out = append(out, "no TestMain calling goleak.VerifyTestMain(m)")
	}
	for _, f := range k.Files {
		stub, err1 := os.ReadFile(filepath.Join(kdir, f))
		sol, err2 := os.ReadFile(filepath.Join(sdir, f))
		switch {
		case err1 != nil:
			out = append(out, fmt.Sprintf("editable file %s is missing from %s", f, k.KataDir()))
		case err2 != nil:
			out = append(out, fmt.Sprintf("editable file %s is missing from %s", f, k.SolutionDir()))
		case bytes.Equal(stub, sol):
			out = append(out, fmt.Sprintf("%s is the same in the kata and the solution", f))
		}
	}
	// The solution folder holds the editable files and, for everything else, byte-identical
	// copies of the kata's own files (dev snapshot writes them): one source of truth for the
	// tests, and no symbolic links, which a checkout on Windows may not have.
	for _, n := range append(tests, own...) {
		p := filepath.Join(sdir, n)
		fi, err := os.Lstat(p)
		switch {
		case err != nil:
			out = append(out, fmt.Sprintf("%s/%s is missing: run 'go run ./grader dev snapshot' to copy it from %s", k.SolutionDir(), n, k.KataDir()))
			continue
		case fi.Mode()&fs.ModeSymlink != 0:
			out = append(out, fmt.Sprintf("%s/%s is a symbolic link: run 'go run ./grader dev snapshot' to make it a copy", k.SolutionDir(), n))
			continue
		}
		a, _ := os.ReadFile(p)
		b, _ := os.ReadFile(filepath.Join(kdir, n))
		if !bytes.Equal(a, b) {
			out = append(out, fmt.Sprintf("%s/%s differs from %s/%s: run 'go run ./grader dev snapshot' (tests have one source)", k.SolutionDir(), n, k.KataDir(), n))
		}
	}
	sentries, _ := os.ReadDir(sdir)
	for _, e := range sentries {
		n := e.Name()
		if strings.HasSuffix(n, ".go") && !k.Editable(n) && !slices.Contains(tests, n) && !slices.Contains(own, n) {
			out = append(out, fmt.Sprintf("%s/%s is not a file of the kata", k.SolutionDir(), n))
		}
	}
	return out
}

// checkGofmt lists Go files under katas/, solutions/ and grader/ that gofmt would change.
func (r *repo) checkGofmt() []string {
	var out []string
	for _, top := range []string{"katas", "solutions", "grader"} {
		_ = filepath.WalkDir(filepath.Join(r.root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || d.Type()&fs.ModeSymlink != 0 {
				return nil
			}
			if strings.Contains(filepath.ToSlash(p), "/testdata/") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			formatted, err := format.Source(src)
			if err != nil {
				out = append(out, fmt.Sprintf("%s does not parse: %v", r.relative(p), err))
			} else if !bytes.Equal(src, formatted) {
				out = append(out, fmt.Sprintf("%s is not gofmt-clean (run gofmt -w)", r.relative(p)))
			}
			return nil
		})
	}
	return out
}

// solutionOverlay maps each kata's editable files to its solution's, so that a build compiles
// every kata with its reference solution and the kata's own tests.
func (r *repo) solutionOverlay(ks []*kata.Kata) map[string]string {
	replace := map[string]string{}
	for _, k := range ks {
		for _, f := range k.Files {
			from := filepath.Join(r.root, filepath.FromSlash(k.KataDir()), f)
			to := filepath.Join(r.root, filepath.FromSlash(k.SolutionDir()), f)
			if exists(to) {
				replace[from] = to
			}
		}
	}
	return replace
}
