package grade

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/runner"
)

// fatalRE matches vet's testinggoroutine report: "f_test.go:17:5: call to (*testing.T).Fatalf
// from a non-test goroutine".
var fatalRE = regexp.MustCompile(`(?m)^(\S+\.go):(\d+):\d+: (call to \(\*testing\.[TB]\)\.\w+ from a non-test goroutine)$`)

// goroutineReports returns vet's testinggoroutine report for each package whose tests failed
// (want[i]). At run time a t.Fatal from a goroutine the test started is an ordinary failure (it
// stops that goroutine, not the test); only vet sees the cause. A replayed build has run the
// check already; the other packages are vetted together, one `go vet` per module.
func goroutineReports(ctx context.Context, built []runner.Built, want []bool) []string {
	reports := make([]string, len(built))
	byRoot := map[string][]int{}
	for i, b := range built {
		switch {
		case !want[i]:
		case b.GoroutineVetRan:
			reports[i] = b.GoroutineVet
		default:
			byRoot[b.Pkg.Module.Root] = append(byRoot[b.Pkg.Module.Root], i)
		}
	}
	for root, idx := range byRoot {
		args := []string{"vet", "-testinggoroutine"}
		byDir := map[string]int{}
		for _, i := range idx {
			rel, err := filepath.Rel(root, built[i].Pkg.Dir)
			if err != nil {
				continue
			}
			args = append(args, "./"+filepath.ToSlash(rel))
			byDir[built[i].Pkg.Dir] = i
		}
		cmd := exec.CommandContext(ctx, runner.GoCommand, args...)
		cmd.Dir = root
		out, _ := cmd.CombinedOutput()
		for _, line := range strings.Split(string(out), "\n") {
			m := fatalRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			file := m[1]
			if !filepath.IsAbs(file) {
				file = filepath.Join(root, file)
			}
			if i, ok := byDir[filepath.Dir(file)]; ok {
				reports[i] += file + line[len(m[1]):] + "\n"
			}
		}
	}
	return reports
}

// testingMisuse turns a testinggoroutine report on the package in dir into findings.
func testingMisuse(report, dir string, src *diagnose.Source) []diagnose.Finding {
	var fs []diagnose.Finding
	for _, m := range fatalRE.FindAllStringSubmatch(report, -1) {
		line, _ := strconv.Atoi(m[2])
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		fs = append(fs, diagnose.Finding{
			Kind:    diagnose.Fail,
			Summary: "t.Fatal called from a goroutine the test started: " + m[3],
			Pattern: "testing-library misuse: FailNow stops only the goroutine that calls it",
			Advice:  "Report from goroutines with t.Error (or send the error back) and call t.Fatal only from the test's own goroutine, after waiting for the others.",
			Locations: []diagnose.Location{{
				File: src.DisplayPath(file), Line: line, Role: diagnose.RoleFailed,
			}},
		})
	}
	return fs
}
