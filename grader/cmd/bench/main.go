//go:build unix

package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var (
	reps         = flag.Int("reps", 3, "repetitions of each timed command")
	skipCold     = flag.Bool("skip-cold", false, "skip the cold-cache measurement (it empties the build cache)")
	skipDevCheck = flag.Bool("skip-devcheck", false, "skip the dev check measurement")
	devRuns      = flag.Int("devcheck-runs", 20, "N for grader dev check")
	kataRef      = flag.String("kata", "15_safe_counter", "the kata edited in measurements 2 and 3")
	kataReps     = flag.Int("kata-reps", 9, "pairs of runs in measurement 2 (each takes about 2 s)")
	only         = flag.String("only", "1,2,3,4,5", "the measurements to make, by number")
)

// part reports whether measurement n was asked for.
func part(n int) bool {
	return slices.Contains(strings.Split(*only, ","), strconv.Itoa(n))
}

func main() {
	flag.Parse()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

// sample is the durations of one measured command.
type sample []time.Duration

func (s sample) stats() (lo, med, hi time.Duration) {
	c := slices.Clone(s)
	slices.Sort(c)
	return c[0], c[len(c)/2], c[len(c)-1]
}

func (s sample) String() string {
	lo, med, hi := s.stats()
	return fmt.Sprintf("min %6.2fs  median %6.2fs  max %6.2fs", lo.Seconds(), med.Seconds(), hi.Seconds())
}

func ratio(a, b sample) float64 {
	_, ma, _ := a.stats()
	_, mb, _ := b.stats()
	return ma.Seconds() / mb.Seconds()
}

func run(w io.Writer) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "grader-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	fmt.Fprintf(w, "machine: %d cores, %s memory, %s, %s/%s\n", runtime.NumCPU(), memTotal(), goVersion(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "repetitions: %d (after one warm-up run each)\n\n", *reps)

	grader := filepath.Join(work, "grader")
	if out, err := command(root, "go", "build", "-o", grader, "./grader").CombinedOutput(); err != nil {
		return fmt.Errorf("building the grader: %v\n%s", err, out)
	}
	unsolved := filepath.Join(work, "unsolved")
	solved := filepath.Join(work, "solved")
	for _, d := range []string{unsolved, solved} {
		if err := copyRepo(root, d); err != nil {
			return err
		}
	}
	if err := solve(solved); err != nil {
		return err
	}
	deadline := "3s"

	// 1. verify versus go test, solved and unsolved.
	for _, c := range []struct {
		name, dir string
		extra     []string
	}{
		{"solved", solved, nil},
		{"unsolved", unsolved, []string{"-timeout", deadline}},
	} {
		if !part(1) {
			break
		}
		gt := append([]string{"test", "-race", "-count=1"}, c.extra...)
		gt = append(gt, "./katas/...")
		// The grader's warm-up run also warms Go's build cache for go test: same packages, -race.
		verify, rss := measureRSS(c.dir, grader, "verify", "--timeout", deadline)
		goTest := measureN(c.dir, false, "go", gt...)
		// The best a user can do by hand: Go's test cache on (a passing package is not run
		// again), and no one-second sleep at the exit of every -race binary.
		cachedArgs := append([]string{"test", "-race"}, c.extra...)
		cachedArgs = append(cachedArgs, "./katas/...")
		cached := measureN(c.dir, true, "go", cachedArgs...)
		fmt.Fprintf(w, "1. %s katas\n   go test -race -count=1 %s./katas/...          %s\n   go test -race %s./katas/... (test cache on)  %s\n   grader verify                     %s\n   ratio grader/go test with its cache (median): %.2f   grader/go test -count=1: %.2f   grader peak RSS: %d MiB\n\n",
			c.name, strings.Join(append(c.extra, ""), " "), goTest, strings.Join(append(c.extra, ""), " "), cached, verify, ratio(verify, cached), ratio(verify, goTest), rss>>20)
	}

	// 2. one kata after an edit of its stub: an edit that leaves the bug, and the fix itself.
	stub := filepath.Join(unsolved, "katas", *kataRef, "kata.go")
	original := mustRead(stub)
	solution := mustRead(filepath.Join(root, "solutions", *kataRef, "kata.go"))
	for _, c := range []struct {
		name, content string
	}{{"an edit that leaves the bug (the kata still fails)", original}, {"the fix (the kata passes)", solution}} {
		if !part(2) {
			break
		}
		edit := func() {
			os.WriteFile(stub, []byte(c.content), 0o644)
			touchEdit(stub)
		}
		goTest, runKata := measurePairs(unsolved, edit,
			[]string{"go", "test", "-race", "-count=1", "./katas/" + *kataRef + "/"},
			[]string{grader, "run", *kataRef})
		fmt.Fprintf(w, "2. one kata (%s) after %s (%d pairs)\n   go test -race -count=1 ./katas/%s/  %s\n   grader run %s  %s\n   ratio grader/go test (median): %.2f   build: %s\n\n",
			*kataRef, c.name, len(goTest), *kataRef, goTest, *kataRef, runKata, ratio(runKata, goTest), recipeUse(unsolved, grader, edit))
	}
	os.WriteFile(stub, []byte(original), 0o644)

	// 3. watch: save to verdict, on the current kata (the first, in the unsolved copy).
	firsts, _ := filepath.Glob(filepath.Join(unsolved, "katas", "0*", "kata.go"))
	slices.Sort(firsts)
	if len(firsts) == 0 {
		return errors.New("no first kata found")
	}
	if part(3) {
		watch, err := measureWatch(unsolved, grader, firsts[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "3. watch mode, from a save to the verdict on screen (%d saves)\n   %s\n\n", len(watch), watch)
	}

	// 4. dev check.
	if !*skipDevCheck && part(4) {
		start := time.Now()
		out, err := command(root, grader, "dev", "check", "--runs", fmt.Sprint(*devRuns)).CombinedOutput()
		d := time.Since(start)
		katas := strings.Count(mustRead(filepath.Join(root, "katas", "katas.toml")), "[[kata]]")
		status := "passed"
		if err != nil {
			status = "FAILED:\n" + tail(string(out), 15)
		}
		fmt.Fprintf(w, "4. grader dev check --runs %d: %.1fs for %d katas (%d runs each of stub and solution): %.2fs per kata; %s\n\n",
			*devRuns, d.Seconds(), katas, *devRuns, d.Seconds()/float64(katas), status)
	}

	// 5. cold verify.
	if !*skipCold && part(5) {
		if out, err := command(root, "go", "clean", "-cache").CombinedOutput(); err != nil {
			return fmt.Errorf("go clean -cache: %v\n%s", err, out)
		}
		// The grader's own cache of linked binaries goes too: a cold run builds everything.
		if dir, err := os.UserCacheDir(); err == nil {
			os.RemoveAll(filepath.Join(dir, "go-concurrency-katas"))
		}
		start := time.Now()
		cold := command(unsolved, grader, "verify", "--timeout", deadline)
		var stderr strings.Builder
		cold.Stderr = &stderr
		_ = cold.Run()
		said := "it said nothing while the race runtime was built"
		if strings.Contains(stderr.String(), "race-enabled standard library") {
			said = "it said what it was building"
		}
		fmt.Fprintf(w, "5. cold grader verify after go clean -cache and emptying the grader's binary cache (one run): %.1fs; %s\n", time.Since(start).Seconds(), said)
	}
	return nil
}

func command(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	// go test gets what the grader gives its runs: no one-second sleep at a -race binary's exit.
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "GORACE=atexit_sleep_ms=0")
	return cmd
}

// recipeUse says how the grader built the kata after an edit: by replaying its recorded build
// steps, or with the go command (and why, as GRADER_DEBUG_RECIPES=1 prints it).
func recipeUse(dir, grader string, edit func()) string {
	edit()
	cmd := command(dir, grader, "run", *kataRef)
	cmd.Env = append(cmd.Env, "GRADER_DEBUG_RECIPES=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	_ = cmd.Run()
	out := stderr.String()
	if strings.Contains(out, "grader: link ") {
		return "recipe replayed"
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "recipe") {
			return "go command (" + strings.TrimSpace(strings.TrimPrefix(l, "grader:")) + ")"
		}
	}
	return "go command"
}

// measurePairs times two commands in turn, each after its own call of before, one warm-up
// pair then kataReps pairs: on a shared machine whose speed drifts, both see the same drift.
func measurePairs(dir string, before func(), a, b []string) (sample, sample) {
	var sa, sb sample
	for i := 0; i <= *kataReps; i++ {
		for _, c := range []struct {
			cmd []string
			s   *sample
		}{{a, &sa}, {b, &sb}} {
			before()
			start := time.Now()
			_ = command(dir, c.cmd[0], c.cmd[1:]...).Run()
			if i > 0 {
				*c.s = append(*c.s, time.Since(start))
			}
		}
	}
	return sa, sb
}

// measureN runs a command reps times, with a warm-up run first only if warmup is set.
func measureN(dir string, warmup bool, name string, args ...string) sample {
	var s sample
	if warmup {
		_ = command(dir, name, args...).Run()
	}
	for range *reps {
		start := time.Now()
		_ = command(dir, name, args...).Run()
		s = append(s, time.Since(start))
	}
	return s
}

// measureRSS is measure, also returning the largest max RSS of the process itself.
func measureRSS(dir, name string, args ...string) (sample, int64) {
	var s sample
	var rss int64
	for i := 0; i <= *reps; i++ {
		cmd := command(dir, name, args...)
		start := time.Now()
		_ = cmd.Run()
		if i == 0 {
			continue
		}
		s = append(s, time.Since(start))
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = max(rss, int64(ru.Maxrss)*1024)
		}
	}
	return s, rss
}

// touchEdit changes the stub's code, as a learner's edit does: it appends a small function,
// new each time, so that the package must be compiled again and the test binary linked again.
// (A comment alone would not do: Go's build cache sees that the compiled package is the same
// and `go test -c` skips the link.)
func touchEdit(path string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		n := time.Now().UnixNano()
		fmt.Fprintf(f, "\nfunc edit%d() int { return %d }\n", n, n%1000)
		f.Close()
	}
}

// measureWatch starts `grader watch` on a pipe, saves the stub reps times and times each
// save until the verdict for it is printed.
func measureWatch(dir, grader, stub string) (sample, error) {
	cmd := command(dir, grader, "watch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		stdin.Write([]byte("q"))
		stdin.Close()
		cmd.Wait()
	}()
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	waitFor := func(prefix string) error {
		bound := time.After(3 * time.Minute)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return errors.New("grader watch ended early")
				}
				if strings.Contains(l, prefix) {
					return nil
				}
			case <-bound:
				return fmt.Errorf("grader watch never printed %q", prefix)
			}
		}
	}
	if err := waitFor("Waiting for you to save"); err != nil {
		return nil, err
	}
	var s sample
	for i := 0; i <= *reps; i++ {
		start := time.Now()
		touchEdit(stub)
		if err := waitFor("Waiting for you to save"); err != nil {
			return nil, err
		}
		if i > 0 {
			s = append(s, time.Since(start))
		}
	}
	return s, nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "katas", "katas.toml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run the harness from inside the repository")
		}
		dir = parent
	}
}

// copyRepo copies the tracked files (and the katas being written, if any) to dst.
func copyRepo(root, dst string) error {
	return filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".grader" || (d.Name() == "testdata" && rel != ".")) {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if d.Type()&os.ModeSymlink != 0 {
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// solve copies every solution's editable files over the stubs.
func solve(dir string) error {
	sols, err := filepath.Glob(filepath.Join(dir, "solutions", "*", "*.go"))
	if err != nil {
		return err
	}
	for _, s := range sols {
		if strings.HasSuffix(s, "_test.go") {
			continue
		}
		data, err := os.ReadFile(s)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "solutions"), s)
		if err := os.WriteFile(filepath.Join(dir, "katas", rel), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	var kb int64
	fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(strings.SplitN(string(data), "\n", 2)[0], "MemTotal:")), "%d", &kb)
	return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
}

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "go unknown"
	}
	return strings.TrimSpace(string(out))
}

func mustRead(p string) string {
	data, _ := os.ReadFile(p)
	return string(data)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
