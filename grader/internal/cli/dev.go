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
	"slices"
	"sort"
	"strings"

	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/verdict"
)

// readmeSections are the headings every kata README has, in order (docs/authoring.md).
var readmeSections = []string{"## Your goal", "## What to look for", "## How it is caught", "## Run it", "## Read more"}

const devUsage = `Usage:
  go run ./grader dev check [--runs N] [--fix-runs N] [--timeout D] [--parallel P] [--show] [KATA...]
      the maintainer's gate: every stub fails as declared and its diagnosis points at the bug,
      every solution and every right fix passes, every wrong fix fails as declared, N runs each
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

func describe(m map[verdict.Verdict]int) string {
	var parts []string
	for v, n := range m {
		parts = append(parts, fmt.Sprintf("%s %d time(s)", v.Words(), n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// progressPrinter shows run progress: in place on a terminal, every 10% otherwise.
func progressPrinter(env *Env, label string) func(done, total int) {
	return progressPrinterOf(env, label, "runs")
}

// progressPrinterOf is progressPrinter counting unit (runs, fixes).
func progressPrinterOf(env *Env, label, unit string) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total == 0 {
			return
		}
		pct := done * 100 / total
		if env.Style.Color {
			fmt.Fprintf(env.Stdout, "\r      %s: %d/%d %s", label, done, total, unit)
			if done == total {
				fmt.Fprintln(env.Stdout)
			}
			return
		}
		if pct/10 != last/10 || done == total {
			last = pct
			fmt.Fprintf(env.Stdout, "      %s: %d/%d %s\n", label, done, total, unit)
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
