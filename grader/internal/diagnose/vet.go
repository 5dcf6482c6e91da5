package diagnose

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gokatas/grader/internal/verdict"
)

// vetAdvice explains each of go vet's concurrency checks in the learner's terms.
var vetAdvice = map[string]struct{ pattern, advice string }{
	"copylocks": {
		"a lock (Mutex, RWMutex, WaitGroup, Once, Cond) copied by value",
		"A copy of a lock is a different lock: each copy counts and locks on its own. Pass and keep it by pointer (*sync.WaitGroup, a pointer receiver) and never copy a struct that holds one.",
	},
	"waitgroup": {
		"WaitGroup.Add inside the goroutine it counts",
		"Wait may run before the goroutine has called Add and return at once. Call Add before the go statement, or start the goroutine with wg.Go.",
	},
	"lostcancel": {
		"a context's cancel function never called",
		"Call the cancel function on every path (defer cancel() right after WithCancel/WithTimeout): until then the context's timer and goroutines live on.",
	},
	"testinggoroutine": {
		"testing-library misuse: FailNow stops only the goroutine that calls it",
		"Report from goroutines with t.Error (or send the error back) and call t.Fatal only from the test's own goroutine, after waiting for the others.",
	},
	"atomic": {
		"the result of an atomic operation assigned back to its own operand",
		"x = atomic.AddInt64(&x, 1) writes x without synchronisation; call atomic.AddInt64(&x, 1) on its own, or use atomic.Int64.",
	},
	"sigchanyzer": {
		"signal.Notify with an unbuffered channel",
		"signal.Notify does not block when it delivers: a signal that arrives while nobody receives is lost. Give the channel a buffer of at least one.",
	},
}

// VetReport is one report of a vet analyzer, as `go vet -json` gives it.
type VetReport struct {
	Analyzer string
	Posn     string // file:line:col
	Message  string
}

var posnRE = regexp.MustCompile(`^(.*\.go):(\d+)(?::\d+)?$`)

// VetFindings turns the reports of go vet's concurrency checks on the package into findings, one per
// report in one of the package's own files (never in a file the grader added).
func VetFindings(src *Source, diags []VetReport) []Finding {
	var out []Finding
	for _, d := range diags {
		m := posnRE.FindStringSubmatch(d.Posn)
		if m == nil {
			continue
		}
		file := filepath.Clean(m[1])
		if !filepath.IsAbs(file) {
			file = filepath.Join(src.PkgDir, file)
		}
		if filepath.Dir(file) != filepath.Clean(src.PkgDir) || added(file) {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		a := vetAdvice[d.Analyzer]
		f := Finding{
			Kind:      verdict.Vet,
			Summary:   "go vet (" + d.Analyzer + "): " + d.Message,
			Pattern:   a.pattern,
			Advice:    a.advice,
			Locations: []Location{src.at(file, line, RoleFailed)},
		}
		if d.Analyzer == "testinggoroutine" {
			f.Summary = "t.Fatal called from a goroutine the test started: " + strings.TrimSpace(d.Message)
		}
		out = append(out, f)
	}
	return src.keepReal(out)
}
