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
	"sort"
	"strings"

	"gokatas/grader/internal/verdict"
)

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
