package grade

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/runner"
)

// fatalRE matches vet's testinggoroutine report: "f_test.go:17:5: call to (*testing.T).Fatalf
// from a non-test goroutine".
var fatalRE = regexp.MustCompile(`(?m)^(\S+\.go):(\d+):\d+: (call to \(\*testing\.[TB]\)\.\w+ from a non-test goroutine)$`)

// testingMisuse runs vet's testinggoroutine check on a package whose tests failed. At run time a
// t.Fatal from a goroutine the test started is an ordinary failure (it stops that goroutine, not
// the test); only vet sees the cause. A replayed build has run the check already.
func testingMisuse(ctx context.Context, b runner.Built, src *diagnose.Source) []diagnose.Finding {
	dir := b.Pkg.Dir
	out := b.GoroutineVet
	if !b.GoroutineVetRan {
		cmd := exec.CommandContext(ctx, runner.GoCommand, "vet", "-testinggoroutine", ".")
		cmd.Dir = dir
		data, _ := cmd.CombinedOutput()
		out = string(data)
	}
	var fs []diagnose.Finding
	for _, m := range fatalRE.FindAllStringSubmatch(out, -1) {
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
