// Command fixesagainst grades today's wrong fixes against the kata tests of an earlier commit:
// how many of them those tests would have accepted. A kata author who rewrites a test can see
// which wrong fixes the old test let through; the figure "wrong fixes that passed before the
// tests were strengthened" comes from it.
//
//	go run ./grader/cmd/fixesagainst -rev REV [-runs 10] [-timeout 20s] [KATA...]
//
// For every kata that has the same name at REV, each wrong fix (solutions/NN_name/wrong.txtar)
// is put in a scratch module beside that kata's files at REV (its tests and helpers; the
// learner's files are the fix's), and the whole set is graded by `grader diagnose` with -race,
// -runs plain runs each, no perturbed runs, and a deadline of -timeout per run. A fix "passed" when every run passed; a fix that
// does not compile against the old files (it uses a hook the old tests did not have) is counted
// apart, as not comparable.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"gokatas/grader/internal/kata"
)

func main() {
	rev := flag.String("rev", "", "the commit whose kata tests grade today's wrong fixes")
	runs := flag.Int("runs", 10, "plain runs of each fix, as separate processes")
	timeout := flag.Duration("timeout", 20*time.Second, "deadline of each run: generous, so that a loaded machine does not turn a pass into a hang")
	keep := flag.Bool("keep", false, "keep the scratch module and print its path")
	verbose := flag.Bool("v", false, "print every fix's verdict")
	flag.Parse()
	if *rev == "" || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./grader/cmd/fixesagainst -rev REV [-runs 10] [-timeout 20s] [-keep] [KATA...]")
		os.Exit(2)
	}
	if err := run(*rev, *runs, *timeout, *keep, *verbose, flag.Args()); err != nil {
		fmt.Fprintf(os.Stderr, "fixesagainst: %v\n", err)
		os.Exit(3)
	}
}

// oldKata is what this command needs of a kata's metadata at the earlier commit.
type oldKata struct {
	Name string `toml:"name"`
	Dir  string `toml:"dir"`
}

// entry is one wrong fix placed in the scratch module.
type entry struct {
	kata *kata.Kata
	fix  kata.Fix
	dir  string // relative to the scratch module, slash-separated
}

func run(rev string, runs int, timeout time.Duration, keep, verbose bool, only []string) error {
	root, err := kata.FindRoot(".") // the working directory, made absolute
	if err != nil {
		return err
	}
	cat, err := kata.Load(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)))
	if err != nil {
		return err
	}
	oldMeta, err := git(root, "show", rev+":"+kata.MetadataPath)
	if err != nil {
		return err
	}
	var old struct {
		Kata []oldKata `toml:"kata"`
	}
	if _, err := toml.Decode(string(oldMeta), &old); err != nil {
		return fmt.Errorf("%s:%s: %w", rev, kata.MetadataPath, err)
	}
	oldDir := map[string]string{}
	for _, k := range old.Kata {
		oldDir[k.Name] = k.Dir
	}

	scratch, err := os.MkdirTemp("", "fixesagainst-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("scratch module:", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(scratch, f), data, 0o644); err != nil {
			return err
		}
	}

	var entries []entry
	var missing []string
	for _, k := range cat.Katas {
		if len(only) > 0 && !slices.Contains(only, k.Name) && !slices.Contains(only, k.Dir) {
			continue
		}
		dir, ok := oldDir[k.Name]
		if !ok {
			missing = append(missing, k.Name)
			continue
		}
		fixes, err := kata.LoadFixes(root, k, kata.WrongFixesFile)
		if err != nil {
			return err
		}
		files, err := git(root, "ls-tree", "--name-only", rev, "katas/"+dir+"/")
		if err != nil {
			return err
		}
		for _, fx := range fixes {
			e := entry{kata: k, fix: fx, dir: "katas/" + k.Dir + "/" + fx.Name}
			target := filepath.Join(scratch, filepath.FromSlash(e.dir))
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			for _, p := range strings.Fields(string(files)) {
				name := pathBase(p)
				if name == "README.md" || fx.Files[name] != nil {
					continue
				}
				data, err := git(root, "show", rev+":"+p)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(target, name), data, 0o644); err != nil {
					return err
				}
			}
			for name, data := range fx.Files {
				if err := os.WriteFile(filepath.Join(target, name), data, 0o644); err != nil {
					return err
				}
			}
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		return fmt.Errorf("no kata of today's course has a namesake at %s", rev)
	}

	grader := filepath.Join(scratch, "grader.bin")
	build := exec.Command("go", "build", "-o", grader, "./grader")
	build.Dir, build.Stderr = root, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the grader: %w", err)
	}
	args := []string{"diagnose", "--json", "--runs", fmt.Sprint(runs), "--timeout", timeout.String()}
	for _, e := range entries {
		args = append(args, "./"+e.dir)
	}
	cmd := exec.Command(grader, args...)
	cmd.Dir, cmd.Stderr = scratch, os.Stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return fmt.Errorf("grader diagnose: %w", err)
	}
	verdicts := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r struct {
			Dir     string `json:"dir"`
			Verdict string `json:"verdict"`
		}
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Dir != "" {
			verdicts[strings.TrimPrefix(filepath.ToSlash(r.Dir), "./")] = r.Verdict
		}
	}
	if verbose {
		for _, e := range entries {
			fmt.Printf("%s %s: %s\n", e.kata.Dir, e.fix.Name, verdicts[e.dir])
		}
	}
	return report(rev, runs, timeout, entries, verdicts, missing)
}

// report prints a line per kata and the totals.
func report(rev string, runs int, timeout time.Duration, entries []entry, verdicts map[string]string, missing []string) error {
	fmt.Printf("today's wrong fixes graded by the kata tests at %s (%d plain runs each, -race, %s deadline)\n\n", rev, runs, timeout)
	fmt.Printf("%-28s %6s %7s %9s %s\n", "kata", "fixes", "passed", "no build", "passed the old tests")
	var total, passed, noBuild int
	for i := 0; i < len(entries); {
		k := entries[i].kata
		var n, p, b int
		var names []string
		for ; i < len(entries) && entries[i].kata == k; i++ {
			n++
			switch v, ok := verdicts[entries[i].dir]; {
			case !ok:
				return fmt.Errorf("no verdict for %s", entries[i].dir)
			case v == "pass":
				p++
				names = append(names, entries[i].fix.Name)
			case v == "build-error":
				b++
			}
		}
		total, passed, noBuild = total+n, passed+p, noBuild+b
		fmt.Printf("%-28s %6d %7d %9d %s\n", k.Dir, n, p, b, strings.Join(names, ", "))
	}
	fmt.Printf("\n%d wrong fixes of %d katas: %d passed the tests at %s, %d failed, %d did not build against its files\n",
		total, countKatas(entries), passed, rev, total-passed-noBuild, noBuild)
	if len(missing) > 0 {
		fmt.Printf("not at %s (new or renamed since): %s\n", rev, strings.Join(missing, ", "))
	}
	return nil
}

func countKatas(entries []entry) int {
	n := 0
	for i, e := range entries {
		if i == 0 || entries[i-1].kata != e.kata {
			n++
		}
	}
	return n
}

func pathBase(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
