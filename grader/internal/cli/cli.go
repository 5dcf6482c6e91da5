package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/progress"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/runner"
)

// Exit statuses.
const (
	ExitOK    = 0
	ExitFail  = 1
	ExitUsage = 2
	ExitFault = 3
)

// DefaultTimeout is each kata run's deadline.
const DefaultTimeout = 3 * time.Second

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Dir            string // the working directory
	Style          render.Style
	StdinTTY       bool // standard input is a terminal: the grader may ask questions
}

// usageError is a mistake in how the grader was called (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// failed means a kata or package did not pass (exit 1); it has been reported already.
var errFailed = errors.New("failed")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"list", "list the katas with their track, failure class and state", cmdList},
		{"watch", "grade the current kata on every save (the default on a terminal)", cmdWatch},
		{"run", "grade one kata: grader run KATA", cmdRun},
		{"verify", "grade every kata and print a summary", cmdVerify},
		{"hint", "show the next hint for a kata: grader hint [--all] KATA", cmdHint},
		{"reset", "restore a kata's file to the original, keeping a backup: grader reset KATA", cmdReset},
		{"solution", "show the reference solution as a diff, once the kata passes", cmdSolution},
		{"handout", "render the workshop handouts: grader handout --out DIR [--kata K] [--format html|md]", cmdHandout},
		{"report", "write the progress as one HTML page: grader report --html FILE", cmdReport},
		{"class", "one page of many learners' results: grader class --html FILE [--csv FILE] RESULTS...", cmdClass},
		{"tamper", "list the course files a learner's checkout changed: grader tamper --learner DIR", cmdTamper},
		{"diagnose", "diagnose any Go package: grader diagnose [--json] [--runs N] [--timeout D] DIR...", cmdDiagnose},
		{"dev", "maintainer commands: grader dev check [--runs N] [KATA...]", cmdDev},
	}
}

const toolUsage = `grader: learn Go concurrency by fixing real concurrency bugs.

Usage:
  go run ./grader [flags]          grade the katas in order and show where you are
                                   (on a terminal: watch mode, regrading on every save)
  go run ./grader COMMAND [flags]  run one command

Commands:
%s
Flags of the default command:
  --timeout D   deadline of each kata's run (default %s)
  --once        grade once and exit, even on a terminal

Run 'go run ./grader COMMAND --help' for a command's flags.
Exit status: 0 all pass, 1 a kata fails, 2 usage error, 3 the grader's own fault.
`

func printUsage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, toolUsage, b.String(), DefaultTimeout)
}

// Main runs the grader with args (without the program name) and returns the exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "grader: cannot read the current directory: %v\n", err)
		return ExitFault
	}
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Dir: dir}
	env.Style = render.NewStyle(stdout, env.Getenv)
	env.StdinTTY = isTerminal(stdin)
	return run(ctx, env, args)
}

func run(ctx context.Context, env *Env, args []string) int {
	err := dispatch(ctx, env, args)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errFailed):
		return ExitFail
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, new(usageError)), errors.As(err, new(*runner.NoModuleError)):
		fmt.Fprintf(env.Stderr, "grader: %v\n", err)
		return ExitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(env.Stderr, "grader: interrupted")
		return ExitFail
	default:
		fmt.Fprintf(env.Stderr, "grader: %v\n", err)
		return ExitFault
	}
}

func dispatch(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(ctx, env, args[1:])
			}
		}
		return usagef("unknown command %q (run 'go run ./grader --help' for the list)", args[0])
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			printUsage(env.Stdout)
			return flag.ErrHelp
		}
	}
	return cmdProgress(ctx, env, args)
}

// newFlags returns a flag set whose help goes to standard output.
func newFlags(env *Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fs.SetOutput(env.Stdout)
		fmt.Fprintf(env.Stdout, "Usage: go run ./grader %s\n", usage)
		if hasFlags(fs) {
			fmt.Fprintln(env.Stdout, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses flags, turning flag errors into usage errors. Flags may follow arguments.
// --help prints the usage once, on stdout; a bad flag is one sentence on stderr.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	usage := fs.Usage
	defer func() { fs.Usage = usage }()
	var rest []string
	for {
		fs.SetOutput(io.Discard)
		fs.Usage = func() {} // the flag package calls it on every error, before returning
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return nil, flag.ErrHelp
		}
		if err != nil {
			return nil, usagef("%s: %v (run 'go run ./grader %s --help' for its flags)", fs.Name(), err, fs.Name())
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// repo is a loaded kata repository.
type repo struct {
	root   string
	cat    *kata.Catalogue
	course string // the course's fingerprint (kata.CourseID)
}

// openRepo finds the repository from the working directory and loads its metadata.
func openRepo(env *Env) (*repo, error) {
	root, err := kata.FindRoot(env.Dir)
	if errors.Is(err, kata.ErrNotInRepo) {
		return nil, usagef("this is not inside the kata repository (no %s here or above): cd into your clone and run 'go run ./grader' again", kata.MetadataPath)
	}
	if err != nil {
		return nil, err
	}
	meta, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)))
	if err != nil {
		return nil, fmt.Errorf("reading the kata metadata: %w", err)
	}
	cat, err := kata.Parse(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)), meta)
	if err != nil {
		return nil, fmt.Errorf("the kata metadata is invalid: %w", err)
	}
	return &repo{root: root, cat: cat, course: kata.CourseID(meta, kata.OriginalsData())}, nil
}

// loadProgress reads the learner's progress, with the entries of renamed katas moved to their
// new names (and saved so, once, under the progress file's lock).
func (r *repo) loadProgress() (*progress.State, error) {
	st, problem := progress.Load(r.root)
	if r.followRenames(st) {
		if _, err := progress.Update(r.root, func(s *progress.State) { r.followRenames(s) }); err != nil && problem == nil {
			problem = fmt.Errorf("cannot save the progress file after renaming katas: %w", err)
		}
	}
	return st, problem
}

// progress loads the learner's progress for a command that only reads it; a problem with the
// file is said on stderr in one sentence (the state is rebuilt, nothing is lost).
func (r *repo) progress(env *Env) *progress.State {
	st, problem := r.loadProgress()
	if problem != nil {
		fmt.Fprintf(env.Stderr, "grader: %v\n", problem)
	}
	return st
}

// followRenames moves the progress of every kata known by a former name to its name.
func (r *repo) followRenames(st *progress.State) bool {
	moved := false
	for _, k := range r.cat.Katas {
		for _, f := range k.Former {
			if st.Rename(f, k.Name) {
				moved = true
			}
		}
	}
	return moved
}

// find resolves a kata reference given on the command line.
func (r *repo) find(ref string) (*kata.Kata, error) {
	if !kata.ValidRef(ref) {
		return nil, usagef("%q is not a kata name or number", ref)
	}
	k := r.cat.Find(ref)
	if k == nil {
		return nil, usagef("there is no kata %q: 'go run ./grader list' shows them all", ref)
	}
	return k, nil
}

// display shows a path relative to the working directory when it is inside it.
func (env *Env) display(abs string) string {
	rel, err := filepath.Rel(env.Dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return abs
	}
	return filepath.ToSlash(rel)
}

// source reads files named as displayed (relative to the working directory).
func (env *Env) source(path string) ([]string, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(env.Dir, path)
	}
	return render.ReadSource(path)
}

// checkKataFiles reports a kata whose files were deleted, in one sentence.
func (r *repo) checkKataFiles(k *kata.Kata) error {
	dir := filepath.Join(r.root, filepath.FromSlash(k.KataDir()))
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("kata %s: its folder %s is missing (restore it with 'git checkout -- %s')", k.Name, k.KataDir(), k.KataDir())
	}
	for _, f := range k.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return fmt.Errorf("kata %s: its file %s/%s is missing (restore it with 'git checkout -- %s/%s')", k.Name, k.KataDir(), f, k.KataDir(), f)
		}
	}
	return nil
}

// isTerminal reports whether r is a terminal. (A character device is not enough: /dev/null
// is one, and a grader started with no input must not wait for keys.)
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// goFault turns a missing go command into its plain sentence.
func goFault(err error) error {
	if errors.Is(err, runner.ErrNoGo) {
		return runner.ErrNoGo
	}
	return err
}
