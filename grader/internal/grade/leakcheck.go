package grade

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// leakCheckName is the file the grader adds (through the build overlay) to a package whose
// tests have no TestMain: a goroutine-leak check run after the tests pass, which reports in
// goleak's words so that one parser reads both.
const leakCheckName = "zz_grader_leakcheck_test.go"

const leakCheckSource = `package %s

// This file is added by the grader at build time; it is not part of the package.

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaks := graderLeaks(); leaks != "" {
			fmt.Fprintf(os.Stderr, "goleak: Errors on successful test run: found unexpected goroutines:\n%%s", leaks)
			code = 1
		}
	}
	os.Exit(code)
}

// graderLeaks retries for a second, as goleak does, so goroutines that are about to finish can.
func graderLeaks() string {
	deadline := time.Now().Add(time.Second)
	for wait := time.Millisecond; ; wait *= 2 {
		leaks := graderLeaksOnce()
		if leaks == "" || time.Now().After(deadline) {
			return leaks
		}
		time.Sleep(min(wait, 100*time.Millisecond))
	}
}

func graderLeaksOnce() string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var b strings.Builder
	for i, g := range strings.Split(strings.TrimSpace(string(buf)), "\n\n") {
		header, stack, _ := strings.Cut(g, "\n")
		if i == 0 || graderIgnored(stack) {
			continue // the first is this goroutine
		}
		id, state := "?", "unknown"
		if f := strings.SplitN(header, " ", 3); len(f) == 3 {
			id = f[1]
			state, _, _ = strings.Cut(strings.Trim(f[2], "[]:"), ",")
		}
		top, _, _ := strings.Cut(stack, "(")
		fmt.Fprintf(&b, "[Goroutine %%s in state %%s, with %%s on top of the stack:\n%%s\n]\n", id, state, top, stack)
	}
	return b.String()
}

func graderIgnored(stack string) bool {
	for _, s := range []string{"os/signal.signal_recv", "os/signal.loop", "runtime.ensureSigM", "testing.(*M).startAlarm", "testing.runFuzzing"} {
		if strings.Contains(stack, s) {
			return true
		}
	}
	return false
}
`

var testMainRE = regexp.MustCompile(`(?m)^func TestMain\(`)

// leakCheck returns the overlay entry that adds the leak check to dir, or ok=false when the
// package has its own TestMain (a kata's goleak.VerifyTestMain, say) or no tests.
func leakCheck(dir, tmp string) (target, source string, ok bool, err error) {
	tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if len(tests) == 0 {
		return "", "", false, nil
	}
	for _, t := range tests {
		data, err := os.ReadFile(t)
		if err == nil && testMainRE.Match(data) {
			return "", "", false, nil
		}
	}
	name := packageName(dir, tests)
	if name == "" {
		return "", "", false, nil
	}
	f, err := os.CreateTemp(tmp, "leakcheck-*.go")
	if err != nil {
		return "", "", false, err
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, leakCheckSource, name); err != nil {
		return "", "", false, err
	}
	return filepath.Join(dir, leakCheckName), f.Name(), true, nil
}

// packageName is the package clause of the package's non-test files (or of its internal tests).
func packageName(dir string, tests []string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	files = append(files, tests...)
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
		if err != nil {
			continue
		}
		if name := af.Name.Name; !strings.HasSuffix(name, "_test") || !strings.HasSuffix(f, "_test.go") {
			return name
		}
	}
	return ""
}
