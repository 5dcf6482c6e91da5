package runner

// Rebuild recipes: after an edit, replay the go command's own steps for one package.
//
// After an edit to one package, `go test -c` spends about as long on work around the build as
// on the build itself: it loads some two hundred packages and checks each one against Go's
// build cache before it compiles the one that changed and links. When the runner builds a
// single package it asks the go command to print its commands (-x) and to keep its work folder
// (-work), and records the steps it ran for that package: the compile of the package (and of
// its external test package), vet, the compile of the generated test main, and the link, with
// the import configurations that name every dependency's compiled file in Go's build cache.
//
// The next build of the same package replays those steps, with the same tools, arguments and
// files, when nothing but the source of the package has changed: the Go version and settings,
// the build flags, go.mod and go.sum, the folder, the overlay's file names, and the package's
// shape (its files, their build constraints, package clauses and imports). Anything else, and
// any failure of a replayed step (a compile error, a vet finding, a dependency gone from the
// build cache), falls back to `go test -c`, which reports the problem in its own words and
// records a fresh recipe.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/buildscript"
)

const recipeVersion = 1

// recipe is what the go command did to build one package's test binary.
type recipe struct {
	Version int
	Shape   string            // packageShape at recording time
	Binary  string            // the link's output, under $WORK
	Files   map[string]string // inputs the steps read from $WORK (import configurations, vet configuration, test main)
	Steps   []step
}

// step is one tool run.
type step struct {
	Tool string   // "compile", "vet" or "link"
	Main bool     // compiles the generated test main
	Dir  string   // working folder
	Env  []string // NAME=value set by the go command
	Args []string // the command line; Args[0] is the tool
}

// Placeholders in recorded steps and files.
const (
	workMark    = "$WORK"
	overlayMark = "$OVERLAY:" // followed by the overlaid file's base name and overlayEnd
	overlayEnd  = "$"
)

// recipeKey identifies the recipes usable for p, or "" when p cannot use one.
func recipeKey(p Package, opts BuildOptions) string {
	env, err := goEnv()
	if err != nil || env["GOVERSION"] == "" {
		return ""
	}
	// Builds whose inputs the key cannot see: workspaces, vendored or locally replaced
	// modules, and tools run through -toolexec.
	if w := env["GOWORK"]; w != "" && w != "off" {
		return ""
	}
	if strings.Contains(env["GOFLAGS"], "toolexec") {
		return ""
	}
	if _, err := os.Stat(filepath.Join(p.Module.Root, "vendor", "modules.txt")); err == nil {
		return ""
	}
	gomod, err := os.ReadFile(filepath.Join(p.Module.Root, "go.mod"))
	if err != nil || localReplace.Match(gomod) {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "grader-recipe-v%d\nrace=%v\nroot=%s\ndir=%s\npath=%s\n", recipeVersion, opts.Race, p.Module.Root, p.Dir, p.ImportPath)
	hashGoEnv(h)
	h.Write(gomod)
	hashFile(h, filepath.Join(p.Module.Root, "go.sum"))
	for _, t := range overlayTargets(p, opts.OverlayMap) {
		fmt.Fprintf(h, "overlay %s %v\n", filepath.Base(t), opts.OverlayMap[t] == "")
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// localReplace matches a go.mod replace directive that points at a folder.
var localReplace = regexp.MustCompile(`(?m)=>\s*(\.\.?[/\\]|/|[A-Za-z]:\\)`)

func overlayTargets(p Package, overlay map[string]string) []string {
	var ts []string
	for t := range overlay {
		if filepath.Dir(t) == p.Dir {
			ts = append(ts, t)
		}
	}
	slices.Sort(ts)
	return ts
}

// sourceExts are the files besides .go that the go command builds into a package.
var sourceExts = []string{".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx",
	".f", ".F", ".for", ".f90", ".m", ".swig", ".swigcxx", ".syso"}

// packageShape fingerprints what decides which files the go command compiles, against which
// dependencies, and what the generated test main holds: each Go file's name, build
// constraints, package clause and imports, and the whole of each test file. It
// returns "" for packages a recipe cannot build: cgo, embedded files, other source files,
// imports of the package's own module (whose changes the key would not see).
func packageShape(p Package, overlay map[string]string) string {
	entries, err := os.ReadDir(p.Dir)
	if err != nil {
		return ""
	}
	files := map[string]string{}
	for _, e := range entries {
		files[filepath.Join(p.Dir, e.Name())] = filepath.Join(p.Dir, e.Name())
	}
	for t, src := range overlay {
		if filepath.Dir(t) == p.Dir {
			files[t] = src
		}
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		base := filepath.Base(name)
		src := files[name]
		if src == "" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
			continue
		}
		ext := filepath.Ext(base)
		if slices.Contains(sourceExts, ext) {
			return ""
		}
		if ext != ".go" {
			continue
		}
		if st, err := os.Stat(src); err != nil || !st.Mode().IsRegular() {
			return ""
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, src, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "file %s package %s\n", base, f.Name.Name)
		// The generated test main lists the tests, examples and their expected output: a
		// test file counts whole.
		if strings.HasSuffix(base, "_test.go") && !hashFile(h, src) {
			return ""
		}
		for _, g := range f.Comments {
			if g.Pos() > f.Package {
				break
			}
			for _, c := range g.List {
				if strings.HasPrefix(c.Text, "//go:build") || strings.HasPrefix(c.Text, "// +build") {
					fmt.Fprintf(h, "constraint %s\n", c.Text)
				}
			}
		}
		var imports []string
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			if ip == "C" || ip == "embed" || (ip != p.ImportPath && (ip == p.Module.Path || strings.HasPrefix(ip, p.Module.Path+"/"))) {
				return ""
			}
			imports = append(imports, ip)
		}
		slices.Sort(imports)
		fmt.Fprintf(h, "imports %s\n", strings.Join(imports, " "))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recipePath is where the recipe for key is kept.
func recipePath(cacheDir, key string) string {
	return filepath.Join(cacheDir, key+".recipe")
}

func loadRecipe(cacheDir, key string) *recipe {
	data, err := os.ReadFile(recipePath(cacheDir, key))
	if err != nil {
		return nil
	}
	var r recipe
	if json.Unmarshal(data, &r) != nil || r.Version != recipeVersion || len(r.Steps) == 0 {
		return nil
	}
	touch(recipePath(cacheDir, key))
	return &r
}

func saveRecipe(cacheDir, key string, r *recipe) {
	data, err := json.Marshal(r)
	if err != nil {
		return
	}
	_ = atomicfile.Write(recipePath(cacheDir, key), data, 0o644) // a cache entry: on failure, the next run rebuilds it
}

// errStale means a recipe no longer fits the package; the go command builds it instead.
var errStale = errors.New("the recipe does not fit the package any more")

// replay runs a recipe's steps in a fresh work folder under outDir and returns the binary.
// Non-main compiles run first, in order; then vet runs alongside the test main's compile and
// the link, as under the go command.
//
// Alongside, vet's testinggoroutine check runs from the same configuration (see
// Built.GoroutineVet): the go command's vet does not include it, and a separate `go vet` would
// cost about as much as the build.
func replay(ctx context.Context, r *recipe, p Package, opts BuildOptions) (replayed, error) {
	if r.Shape == "" || r.Shape != packageShape(p, opts.OverlayMap) {
		return replayed{}, errStale
	}
	work, err := os.MkdirTemp(opts.OutDir, "relink")
	if err != nil {
		return replayed{}, err
	}
	var missing error
	expand := func(s string) string {
		s = strings.ReplaceAll(s, workMark, work)
		for strings.Contains(s, overlayMark) {
			i := strings.Index(s, overlayMark)
			j := strings.Index(s[i+len(overlayMark):], overlayEnd)
			if j < 0 {
				missing = errStale
				return s
			}
			name := s[i+len(overlayMark) : i+len(overlayMark)+j]
			src, ok := opts.OverlayMap[filepath.Join(p.Dir, name)]
			if !ok || src == "" {
				missing = errStale
				return s
			}
			s = s[:i] + src + s[i+len(overlayMark)+j+len(overlayEnd):]
		}
		return s
	}
	for rel, content := range r.Files {
		path := filepath.Join(work, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return replayed{}, err
		}
		if err := os.WriteFile(path, []byte(expand(content)), 0o644); err != nil {
			return replayed{}, err
		}
	}
	env := os.Environ()
	if genv, err := goEnv(); err == nil {
		for _, k := range toolEnvKeys {
			if genv[k] != "" {
				env = append(env, k+"="+genv[k])
			}
		}
	}
	// Every placeholder is filled in before any step runs (and so before two run at once).
	steps := make([]step, len(r.Steps))
	for i, s := range r.Steps {
		s.Args = slices.Clone(s.Args)
		for j, a := range s.Args {
			s.Args[j] = expand(a)
		}
		s.Env = slices.Clone(s.Env)
		for j, e := range s.Env {
			s.Env[j] = expand(e)
		}
		s.Dir = expand(s.Dir)
		steps[i] = s
	}
	if missing != nil {
		return replayed{}, missing
	}
	run := func(s step) ([]byte, error) {
		args := s.Args
		if out := outputOf(args); out != "" {
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return nil, err
			}
		}
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = s.Dir
		cmd.Env = append(slices.Clip(env), s.Env...)
		t0 := time.Now()
		out, err := cmd.CombinedOutput()
		if debugRecipes {
			fmt.Fprintf(os.Stderr, "grader: %s %v\n", s.Tool, time.Since(t0))
		}
		if err != nil {
			return out, fmt.Errorf("%s: %w\n%s", s.Tool, err, out)
		}
		return out, nil
	}
	for _, s := range steps {
		if s.Tool == "compile" && !s.Main {
			if _, err := run(s); err != nil {
				return replayed{}, err
			}
		}
	}
	// Vet runs in order (a package's vet reads the facts its imports' vet wrote).
	var wg sync.WaitGroup
	var vetErr error
	var res replayed
	wg.Go(func() {
		for _, s := range steps {
			if s.Tool == "vet" {
				if _, vetErr = run(s); vetErr != nil {
					return
				}
			}
		}
		res.vet, res.vetRan = concurrencyVet(run, steps, p, opts.OverlayMap)
	})
	var linkErr error
	for _, s := range steps {
		if s.Tool == "link" || (s.Tool == "compile" && s.Main) {
			if _, linkErr = run(s); linkErr != nil {
				break
			}
		}
	}
	wg.Wait()
	if err := errors.Join(vetErr, linkErr); err != nil {
		return replayed{}, err
	}
	res.bin = expand(r.Binary)
	if _, err := os.Stat(res.bin); err != nil {
		return replayed{}, err
	}
	return res, nil
}

// replayed is the outcome of a replay.
type replayed struct {
	bin    string
	vet    []VetDiag
	vetRan bool
}

// concurrencyVet runs vet's concurrency checks (VetAnalyzers) with each vet step's
// configuration, and returns their reports with overlay files under the names they stand for.
func concurrencyVet(run func(step) ([]byte, error), steps []step, p Package, overlay map[string]string) ([]VetDiag, bool) {
	var all []VetDiag
	for _, s := range steps {
		if s.Tool != "vet" {
			continue
		}
		cfgPath := s.Args[len(s.Args)-1]
		data, err := os.ReadFile(cfgPath)
		var cfg map[string]any
		if err != nil || json.Unmarshal(data, &cfg) != nil {
			return nil, false
		}
		// Its own facts file: the next package's vet reads the one the go command's vet wrote.
		mine := strings.TrimSuffix(cfgPath, ".cfg") + "-concurrency"
		cfg["VetxOutput"] = mine + ".out"
		// Since Go 1.26 vet writes its report to the file the configuration names.
		cfg["Stdout"] = mine + ".stdout"
		data, err = json.Marshal(cfg)
		if err != nil || os.WriteFile(mine+".cfg", data, 0o644) != nil {
			return nil, false
		}
		s.Args = append(append([]string{s.Args[0]}, vetFlags()...), mine+".cfg")
		out, err := run(s)
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return nil, false
		}
		if report, rerr := os.ReadFile(mine + ".stdout"); rerr == nil {
			out = append(out, report...)
		}
		byPath, ok := parseVetJSON(out)
		if !ok || err != nil {
			return nil, false // vet did not run the checks
		}
		for _, diags := range byPath {
			all = append(all, diags...)
		}
	}
	return mapOverlayPaths(all, p, overlay), true
}

// outputOf returns a tool's -o argument.
func outputOf(args []string) string {
	for i, a := range args {
		if a == "-o" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// workRef matches a path in the work folder, and its first folder ("b001").
var workRef = regexp.MustCompile(`\$WORK/([^/\s"]+)/`)

// replayable returns the steps of a recorded build, or false when the go command ran
// something for the package that a recipe cannot replay: only compile, vet and link can be.
func replayable(sp *buildscript.Parser) ([]step, bool) {
	if sp.Unreadable {
		return nil, false
	}
	var steps []step
	for _, c := range sp.Commands {
		if c.Tool != "compile" && c.Tool != "vet" && c.Tool != "link" {
			return nil, false
		}
		steps = append(steps, step{Tool: c.Tool, Main: strings.HasSuffix(c.ImportPath, ".test"), Dir: c.Dir, Env: c.Env, Args: c.Args})
	}
	return steps, true
}

// makeRecipe turns the steps the go command ran for p into a recipe, reading their input files
// from the kept work folder. It returns nil when the steps are not a whole build: the go
// command reused part of it from its cache, or ran something a recipe cannot replay.
func makeRecipe(sp *buildscript.Parser, p Package, opts BuildOptions) *recipe {
	work := sp.Work
	runs, ok := replayable(sp)
	if !ok || work == "" {
		if debugRecipes {
			fmt.Fprintf(os.Stderr, "grader: no recipe for %s: the go command ran steps a recipe cannot replay\n", p.ImportPath)
		}
		return nil
	}
	shape := packageShape(p, opts.OverlayMap)
	if shape == "" {
		return nil
	}
	env, _ := goEnv()
	vetOff := strings.Contains(env["GOFLAGS"], "-vet=off")
	r := &recipe{Version: recipeVersion, Shape: shape, Files: map[string]string{}}
	// Overlay sources live in the grader's temporary folder: name them by the file they stand for.
	type subst struct{ from, to string }
	var substs []subst
	for _, t := range overlayTargets(p, opts.OverlayMap) {
		if src := opts.OverlayMap[t]; src != "" {
			substs = append(substs, subst{src, overlayMark + filepath.Base(t) + overlayEnd})
		}
	}
	substs = append(substs, subst{work, workMark})
	normalize := func(s string) string {
		for _, sub := range substs {
			s = strings.ReplaceAll(s, sub.from, sub.to)
			if q := strconv.Quote(sub.from); q[1:len(q)-1] != sub.from { // as JSON and Go quote it
				s = strings.ReplaceAll(s, q[1:len(q)-1], sub.to)
			}
		}
		return s
	}
	var compiles, mains, vets, links int
	for _, s := range runs {
		var args []string
		for i := 0; i < len(s.Args); i++ {
			a := s.Args[i]
			switch {
			case a == "-buildid" && i+1 < len(s.Args):
				i++ // a build ID names the go command's cache entry; the replayed build has none
				continue
			case strings.HasPrefix(a, "-buildid="):
				continue
			case a == "-embedcfg" || a == "-symabis" || a == "-asmhdr":
				return nil
			}
			// -x prints the script's folder as "." at the start of a word.
			if a == "." || strings.HasPrefix(a, "."+string(filepath.Separator)) {
				a = filepath.Join(s.Dir, a)
			}
			args = append(args, a)
		}
		// Inputs in the work folder are kept with the recipe.
		for i, a := range args {
			input := ""
			switch {
			case i > 0 && (args[i-1] == "-importcfg"):
				input = a
			case s.Tool == "vet" && i == len(args)-1:
				input = a
			case s.Tool == "compile" && strings.HasSuffix(a, ".go") && strings.HasPrefix(a, workMark):
				input = a
			case s.Tool == "compile" && strings.HasSuffix(a, ".go"):
				if _, err := os.Stat(a); err != nil {
					return nil // a source path the script printed differently from what it ran
				}
			}
			if input == "" {
				continue
			}
			rel, ok := strings.CutPrefix(input, workMark+"/")
			if !ok {
				return nil
			}
			data, err := os.ReadFile(filepath.Join(work, filepath.FromSlash(rel)))
			if err != nil {
				return nil
			}
			r.Files[rel] = normalize(string(data))
		}
		for i := range args {
			args[i] = normalize(args[i])
		}
		dir := s.Dir
		if dir == "" {
			dir = sp.Root
		}
		dir = normalize(dir)
		var stepEnv []string
		for _, e := range s.Env {
			stepEnv = append(stepEnv, normalize(e))
		}
		r.Steps = append(r.Steps, step{Tool: s.Tool, Main: s.Main, Dir: dir, Env: stepEnv, Args: args})
		switch {
		case s.Tool == "compile" && s.Main:
			mains++
		case s.Tool == "compile":
			compiles++
		case s.Tool == "vet":
			vets++
		case s.Tool == "link":
			links++
			r.Binary = outputOf(args)
		}
	}
	// Dependencies the go command built in this very run are in its work folder, gone after it:
	// the recipe may name only its own steps' folders there, and Go's build cache.
	own := map[string]bool{}
	for rel := range r.Files {
		own[strings.SplitN(rel, "/", 2)[0]] = true
	}
	for _, s := range r.Steps {
		if out, ok := strings.CutPrefix(outputOf(s.Args), workMark+"/"); ok {
			own[strings.SplitN(out, "/", 2)[0]] = true
		}
	}
	for _, content := range r.Files {
		for _, m := range workRef.FindAllStringSubmatch(content, -1) {
			if !own[m[1]] {
				if debugRecipes {
					fmt.Fprintf(os.Stderr, "grader: no recipe for %s: a dependency was built in the go command's work folder (%s)\n", p.ImportPath, m[0])
				}
				return nil
			}
		}
	}
	if compiles == 0 || mains != 1 || links != 1 || r.Binary == "" || (!vetOff && vets != compiles) {
		if debugRecipes {
			fmt.Fprintf(os.Stderr, "grader: no recipe for %s: %d compiles, %d test mains, %d links, %d vets\n", p.ImportPath, compiles, mains, links, vets)
		}
		return nil
	}
	return r
}
