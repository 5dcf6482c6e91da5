package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/grade"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/runner"
	"gokatas/grader/internal/verdict"
)

// cmdDiagnose grades any Go package directories (see the diagnose contract in the docs).
func cmdDiagnose(ctx context.Context, env *Env, args []string) error {
	fset := newFlags(env, "diagnose", "diagnose [--json] [--runs N] [--timeout D] [--explore [--budget D]] [--seed S] DIR...")
	asJSON := fset.Bool("json", false, "print one JSON object per package, one per line")
	var o gradeOpts
	o.register(fset, 5, "package")
	race := fset.Bool("race", true, "build with the race detector")
	exploring := fset.Bool("explore", false, "after the plain runs, perturbed runs (each its own shuffled schedule) until one fails or the budget is spent")
	budget := fset.Duration("budget", 30*time.Second, "with --explore: how long to go on starting perturbed runs")
	fset.StringVar(&o.seed, "seed", "", "replay the perturbed schedule of this seed (as a finding prints it), --runs times, and say how often it fails")
	dirs, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usagef("diagnose needs at least one package directory, e.g. 'go run ./grader diagnose ./mypkg'")
	}
	if o.runs < 1 {
		return usagef("--runs must be at least 1")
	}
	if o.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	if *exploring && *budget <= 0 {
		return usagef("--budget must be positive")
	}
	if *exploring && o.seed != "" {
		return usagef("--explore searches for a failing schedule and --seed replays one: use one of them")
	}
	runs, perturbed, seeds, err := o.exploration()
	if err != nil {
		return err
	}
	opts := grade.Options{Race: *race, Runs: runs, Explore: perturbed, Seeds: seeds, AllRuns: seeds != nil,
		Timeout: o.timeout, Display: env.display, CacheDir: runner.DefaultCacheDir(), ColdBuild: coldBuildNotice(env)}
	if *exploring {
		opts.Budget = *budget
	}
	var targets []grade.Target
	for _, d := range dirs {
		expanded, err := expand(env, d)
		if err != nil {
			return err
		}
		for _, e := range expanded {
			targets = append(targets, grade.Target{Dir: e})
		}
	}
	outs, err := grade.Run(ctx, targets, opts)
	if err != nil {
		return goFault(err)
	}
	failed := false
	s, w := env.Style, env.Stdout
	for i, out := range outs {
		rep := out.Report
		if rep.Verdict != verdict.Pass {
			failed = true
		}
		if *asJSON {
			if err := render.JSON(w, rep); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		sc := render.Screen{Name: rep.Dir, Verdict: rep.Verdict, Findings: rep.Findings,
			Detail:   fmt.Sprintf("(%d of %d runs failed%s, %d ms)", rep.FailedRuns, rep.Runs, perturbedNote(rep), rep.DurationMS),
			Schedule: rep.Schedule}
		if rep.Schedule != nil {
			sc.Replay = fmt.Sprintf("go run ./grader diagnose --seed %d --runs 10 %s", rep.Schedule.Seed, rep.Dir)
		}
		if o.verbose {
			sc.Output = rep.Output
		}
		sc.Print(w, s, env.source)
	}
	if failed {
		return errFailed
	}
	return nil
}

// perturbedNote says how many of a report's runs were perturbed: "; 12 of them perturbed".
func perturbedNote(r diagnose.Report) string {
	if r.PerturbedRuns == 0 {
		return ""
	}
	return fmt.Sprintf("; %d of them perturbed", r.PerturbedRuns)
}

// expand resolves a DIR argument; "dir/..." means every package below dir.
func expand(env *Env, arg string) ([]string, error) {
	base, recursive := strings.CutSuffix(filepath.ToSlash(arg), "/...")
	if base == "..." {
		base, recursive = ".", true
	}
	if !filepath.IsAbs(base) {
		base = filepath.Join(env.Dir, base)
	}
	st, err := os.Stat(base)
	if err != nil || !st.IsDir() {
		return nil, usagef("%s is not a directory", arg)
	}
	if !recursive {
		return []string{base}, nil
	}
	var out []string
	err = filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != base && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			if hasGoFiles(p) {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, usagef("%s holds no Go packages", arg)
	}
	return out, nil
}

func hasGoFiles(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(m) > 0
}
