package runner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"gokatas/grader/internal/buildscript"
)

type buildEvent struct {
	ImportPath string
	Package    string // set on package-level events such as "skip" (no test files)
	Action     string
	Output     string
}

// Build builds the test binaries of pkgs, one `go test -c` invocation per module (and per
// clash of binary names), and reports each package's outcome.
func Build(ctx context.Context, pkgs []Package, opts BuildOptions) ([]Built, error) {
	if _, err := exec.LookPath(GoCommand); err != nil {
		return nil, ErrNoGo
	}
	results := make([]Built, len(pkgs))
	// Packages whose binary is cached need no build at all.
	keys := make([]string, len(pkgs))
	vetKept := make([]bool, len(pkgs)) // the vet report came from the cache
	var todo []Package
	var todoIdx []int
	for i, p := range pkgs {
		if opts.CacheDir != "" {
			keys[i] = cacheKey(p, opts, opts.OverlayMap)
			if bin := cached(opts.CacheDir, keys[i]); bin != "" {
				results[i] = Built{Pkg: p, Binary: bin}
				results[i].Vet, results[i].VetRan = vetCached(opts.CacheDir, keys[i])
				vetKept[i] = results[i].VetRan
				continue
			}
		}
		todo = append(todo, p)
		todoIdx = append(todoIdx, i)
	}
	// A package with a recipe from an earlier build is compiled and linked directly (relink.go);
	// the go command builds the rest, and any package whose replay failed.
	if opts.CacheDir != "" && len(todo) > 0 {
		replayed := replayAll(ctx, todo, opts)
		var rest []Package
		var restIdx []int
		for j, r := range replayed {
			i := todoIdx[j]
			if r.bin == "" {
				rest = append(rest, todo[j])
				restIdx = append(restIdx, i)
				continue
			}
			results[i] = Built{
				Pkg: pkgs[i], Binary: store(opts.CacheDir, keys[i], r.bin), Replayed: true,
				Vet: r.vet, VetRan: r.vetRan,
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		todo, todoIdx = rest, restIdx
	}
	built := make([]Built, len(todo))
	for _, group := range groups(todo) {
		if err := buildGroup(ctx, todo, group, opts, built); err != nil {
			return nil, err
		}
	}
	for j, b := range built {
		i := todoIdx[j]
		if b.Binary != "" {
			b.Binary = store(opts.CacheDir, keys[i], b.Binary)
			markWarm(opts.Race)
		}
		results[i] = b
	}
	// The concurrency checks of vet, for every package that has a binary and no report yet.
	var unvetted []int
	for i, b := range results {
		if b.Binary != "" && !b.VetRan {
			unvetted = append(unvetted, i)
		}
	}
	if len(unvetted) > 0 {
		reports, ok := vetPackages(ctx, pkgs, unvetted, opts)
		for _, i := range unvetted {
			if ok[i] {
				results[i].Vet, results[i].VetRan = reports[i], true
			}
		}
	}
	for i, b := range results {
		if b.VetRan && !vetKept[i] {
			vetStore(opts.CacheDir, keys[i], b.Vet)
		}
	}
	return results, nil
}

// groups splits package indexes into sets that can be built by one invocation: same module,
// distinct binary names.
func groups(pkgs []Package) [][]int {
	var out [][]int
	used := []map[string]bool{}
	for i, p := range pkgs {
		placed := false
		for g := range out {
			if pkgs[out[g][0]].Module.Root == p.Module.Root && !used[g][p.binName()] {
				out[g] = append(out[g], i)
				used[g][p.binName()] = true
				placed = true
				break
			}
		}
		if !placed {
			out = append(out, []int{i})
			used = append(used, map[string]bool{p.binName(): true})
		}
	}
	return out
}

func buildGroup(ctx context.Context, pkgs []Package, group []int, opts BuildOptions, results []Built) error {
	root := pkgs[group[0]].Module.Root
	outDir, err := os.MkdirTemp(opts.OutDir, "bin")
	if err != nil {
		return fmt.Errorf("creating a folder for test binaries: %w", err)
	}
	// -s -w as `go test` itself links its temporary binaries: no symbol table or DWARF, a third
	// faster to link; stack traces and race reports come from pclntab and are unchanged.
	args := []string{"test", "-c", "-json", "-ldflags=-s -w", "-o", outDir + string(filepath.Separator)}
	if opts.Race {
		args = append(args, "-race")
	}
	if opts.Overlay != "" {
		args = append(args, "-overlay", opts.Overlay)
	}
	// A single package's build is recorded for the next one (relink.go): the go command prints
	// its commands and keeps its work folder, inside outDir so that it goes with it.
	var sp *buildscript.Parser
	var recipeFor string
	if len(group) == 1 && opts.CacheDir != "" {
		if recipeFor = recipeKey(pkgs[group[0]], opts); recipeFor != "" {
			args = append(args, "-x", "-work")
			ip := pkgs[group[0]].ImportPath
			sp = &buildscript.Parser{Root: root, Own: func(path string) bool {
				base, _, _ := strings.Cut(path, " [")
				return base == ip || base == ip+"_test" || base == ip+".test"
			}}
		}
	}
	for _, i := range group {
		rel, err := filepath.Rel(root, pkgs[i].Dir)
		if err != nil {
			return err
		}
		args = append(args, "./"+filepath.ToSlash(rel))
	}
	cmd := exec.CommandContext(ctx, GoCommand, args...)
	cmd.Dir = root
	if sp != nil {
		cmd.Env = append(os.Environ(), "GOTMPDIR="+outDir)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return fmt.Errorf("running go test -c: %w", runErr)
	}

	byPath := map[string][]string{}
	failed := map[string]bool{}
	noTests := map[string]bool{}
	var stray []string
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev buildEvent
		if json.Unmarshal(line, &ev) == nil && ev.Action == "skip" && ev.Package != "" {
			noTests[ev.Package] = true
			continue
		}
		if sp != nil && ev.ImportPath == "" && ev.Action == "build-output" {
			sp.Add("", ev.Output) // WORK=, and the script's first folder
			continue
		}
		if json.Unmarshal(line, &ev) != nil || ev.ImportPath == "" {
			if s := strings.TrimSpace(string(line)); s != "" && !strings.HasPrefix(s, "{") {
				stray = append(stray, s)
			}
			continue
		}
		ip := ev.ImportPath
		if i := strings.Index(ip, " ["); i >= 0 {
			ip = ip[:i]
		}
		switch ev.Action {
		case "build-output":
			if sp != nil {
				for _, l := range sp.Add(ev.ImportPath, ev.Output) {
					if l != "" && !strings.HasPrefix(l, "# ") {
						byPath[ip] = append(byPath[ip], l)
					}
				}
				continue
			}
			out := strings.TrimRight(ev.Output, "\n")
			if out != "" && !strings.HasPrefix(out, "# ") {
				byPath[ip] = append(byPath[ip], out)
			}
		case "build-fail":
			failed[ip] = true
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if l != "" {
			stray = append(stray, l)
		}
	}

	var missing []int
	for _, i := range group {
		p := pkgs[i]
		b := Built{Pkg: p}
		bin := filepath.Join(outDir, p.binName())
		switch {
		case failed[p.ImportPath] || len(byPath[p.ImportPath]) > 0:
			b.Failed = true
			b.BuildOutput = byPath[p.ImportPath]
		default:
			if _, err := os.Stat(bin); err == nil {
				b.Binary = bin
			} else if runErr == nil || noTests[p.ImportPath] {
				b.NoTests = true
			} else {
				missing = append(missing, i)
			}
		}
		results[i] = b
	}
	// Packages that produced no binary for a reason the JSON did not attribute (a broken
	// dependency, a go.mod problem): give each the unattributed output.
	for _, i := range missing {
		results[i].Failed = true
		results[i].BuildOutput = append(attributed(byPath, pkgs, group), stray...)
		if len(results[i].BuildOutput) == 0 {
			results[i].BuildOutput = []string{runErr.Error()}
		}
	}
	if sp != nil && sp.Work != "" {
		if b := results[group[0]]; b.Binary != "" {
			if r := makeRecipe(sp, pkgs[group[0]], opts); r != nil {
				saveRecipe(opts.CacheDir, recipeFor, r)
			}
		}
		os.RemoveAll(sp.Work)
	}
	return nil
}

// replayAll replays the recipes of pkgs that have one, a few at a time, and returns each
// package's outcome; its binary is "" where the go command must build it.
func replayAll(ctx context.Context, pkgs []Package, opts BuildOptions) []replayed {
	bins := make([]replayed, len(pkgs))
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for j, p := range pkgs {
		key := recipeKey(p, opts)
		if key == "" {
			continue
		}
		r := loadRecipe(opts.CacheDir, key)
		if r == nil {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if res, err := replay(ctx, r, p, opts); err == nil {
				bins[j] = res
			} else if debugRecipes {
				fmt.Fprintf(os.Stderr, "grader: replaying the build of %s: %v\n", p.ImportPath, err)
			}
		})
	}
	wg.Wait()
	return bins
}

// debugRecipes prints why a recipe was not replayed (GRADER_DEBUG_RECIPES=1).
var debugRecipes = os.Getenv("GRADER_DEBUG_RECIPES") != ""

func attributed(byPath map[string][]string, pkgs []Package, group []int) []string {
	own := map[string]bool{}
	for _, i := range group {
		own[pkgs[i].ImportPath] = true
	}
	var out []string
	for ip, lines := range byPath {
		if !own[ip] {
			out = append(out, lines...)
		}
	}
	return out
}
