package kata

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The kata contract's rules on files, which dev check enforces (docs/authoring.md).

// ReadmeSections are the headings every kata README has, in order.
var ReadmeSections = []string{"## Your goal", "## What to look for", "## How it is caught", "## Run it", "## Read more"}

// CheckFiles checks the kata's files in the repository at root against the contract
// (docs/authoring.md): its README's sections, its tests (a goleak TestMain, no time.Sleep), its
// editable files in the kata and the solution, and the solution's copies of everything else.
// It returns one sentence per violation.
func (k *Kata) CheckFiles(root string) []string {
	var out []string
	kdir := filepath.Join(root, filepath.FromSlash(k.KataDir()))
	sdir := filepath.Join(root, filepath.FromSlash(k.SolutionDir()))
	if _, err := os.Stat(kdir); err != nil {
		return []string{fmt.Sprintf("folder %s is missing", k.KataDir())}
	}
	readme, err := os.ReadFile(filepath.Join(kdir, "README.md"))
	if err != nil {
		out = append(out, "README.md is missing (it is the kata's handout page)")
	} else {
		pos := 0
		for _, sec := range ReadmeSections {
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

// SolutionOverlay maps each kata's editable files to its solution's, so that a build compiles
// every kata with its reference solution and the kata's own tests.
func SolutionOverlay(root string, ks []*Kata) map[string]string {
	replace := map[string]string{}
	for _, k := range ks {
		for _, f := range k.Files {
			from := filepath.Join(root, filepath.FromSlash(k.KataDir()), f)
			to := filepath.Join(root, filepath.FromSlash(k.SolutionDir()), f)
			if _, err := os.Stat(to); err == nil {
				replace[from] = to
			}
		}
	}
	return replace
}
