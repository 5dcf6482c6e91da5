package diagnose

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gokatas/grader/internal/trace"
)

// Source says which files are the package's own and how to show their paths.
type Source struct {
	PkgDir string   // absolute directory of the package under test
	Focus  []string // absolute paths of the files the learner edits: preferred locations
	// Display turns an absolute path into the path shown to the user; nil shows it as is.
	Display func(abs string) string
	// Read maps a source path to the file compiled in its place (an overlay), if any.
	Read map[string]string

	mu    sync.Mutex // several runs of a package may be diagnosed at once
	lines map[string][]string
}

// DisplayPath shows an absolute path as the user sees it.
func (s *Source) DisplayPath(abs string) string { return s.display(abs) }

func (s *Source) display(abs string) string {
	if s.Display == nil {
		return abs
	}
	return s.Display(abs)
}

// AddedFile is the file the grader itself adds to a package (its leak check): never the
// package's own code.
const AddedFile = "zz_grader_leakcheck_test.go"

// own reports whether the frame is in the package's directory.
func (s *Source) own(f trace.Frame) bool {
	file := filepath.Clean(f.File)
	return filepath.Dir(file) == filepath.Clean(s.PkgDir) && filepath.Base(file) != AddedFile
}

func framePath(path string) trace.Frame { return trace.Frame{File: path} }

func (s *Source) focus(f trace.Frame) bool {
	return slices.Contains(s.Focus, filepath.Clean(f.File))
}

// pick returns the frame to show for a stack: the first in a focus file, else the first in the
// package's code, else in its tests, else the first outside the standard library.
func (s *Source) pick(frames []trace.Frame) *trace.Frame {
	code := func(f trace.Frame) bool { return s.own(f) && !strings.HasSuffix(f.File, "_test.go") }
	for _, keep := range []func(trace.Frame) bool{s.focus, code, s.own, func(f trace.Frame) bool { return !f.IsStd() }} {
		for i := range frames {
			if keep(frames[i]) {
				return &frames[i]
			}
		}
	}
	return nil
}

// top returns the first frame in the package (the innermost own frame), or nil.
func (s *Source) top(frames []trace.Frame) *trace.Frame {
	for i := range frames {
		if s.own(frames[i]) {
			return &frames[i]
		}
	}
	return nil
}

func (s *Source) loc(f *trace.Frame, role string) Location {
	return Location{File: s.display(f.File), Line: f.Line, Function: f.ShortFunc(), Role: role}
}

// line returns the trimmed source line, or "".
func (s *Source) line(file string, n int) string {
	ls := s.fileLines(file)
	if n < 1 || n > len(ls) {
		return ""
	}
	return strings.TrimSpace(ls[n-1])
}

func (s *Source) fileLines(file string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lines == nil {
		s.lines = map[string][]string{}
	}
	if ls, ok := s.lines[file]; ok {
		return ls
	}
	from := file
	if r, ok := s.Read[file]; ok {
		from = r
	}
	data, err := os.ReadFile(from)
	var ls []string
	if err == nil {
		ls = strings.Split(string(data), "\n")
	}
	s.lines[file] = ls
	return ls
}

// funcStart returns the line number of the func declaration or literal enclosing line n,
// found by walking up to the nearest line that opens a function.
func (s *Source) funcStart(file string, n int) int {
	ls := s.fileLines(file)
	for i := min(n, len(ls)) - 1; i >= 0; i-- {
		if strings.HasPrefix(ls[i], "func ") {
			return i + 1
		}
	}
	return 1
}

var (
	identRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(\s*\()?`)
	keyword = map[string]bool{"return": true, "if": true, "for": true, "range": true, "go": true, "defer": true,
		"func": true, "var": true, "select": true, "case": true, "switch": true, "else": true, "nil": true,
		"true": true, "false": true, "len": true, "make": true, "append": true, "int": true, "string": true}
)

// operands returns the identifiers and selectors a line reads or writes (calls excluded).
func operands(line string) []string {
	var out []string
	for _, m := range identRE.FindAllStringSubmatch(line, -1) {
		if m[1] != "" || keyword[m[0]] {
			continue
		}
		out = append(out, m[0])
	}
	return out
}

// sharedName names the variable two racing lines share: a selector if they share one, else a
// plain identifier; "" when the lines have nothing in common.
func sharedName(a, b string) string {
	oa, ob := operands(a), operands(b)
	best := ""
	for _, x := range oa {
		if !slices.Contains(ob, x) {
			continue
		}
		if best == "" || (strings.Contains(x, ".") && !strings.Contains(best, ".")) ||
			(strings.Contains(x, ".") == strings.Contains(best, ".") && len(x) > len(best)) {
			best = x
		}
	}
	return best
}

// lockExpr returns the lock a line takes, e.g. "c.mu" for "c.mu.Lock()", and the method.
var lockRE = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.]*?)\.(Lock|RLock)\(\)`)

func lockExpr(line string) (expr, method string) {
	m := lockRE.FindStringSubmatch(line)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

var unlockRE = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.]*?)\.(?:Unlock|RUnlock)\(\)`)

func unlockExpr(line string) string {
	m := unlockRE.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	return m[1]
}

// lastField is the last element of a selector: "mu" for "c.mu".
func lastField(expr string) string {
	return expr[strings.LastIndexByte(expr, '.')+1:]
}

// holds reports whether the function around line n of file takes a lock that match accepts
// before line n and does not release it before line n (a deferred Unlock still holds it).
func (s *Source) holds(file string, n int, match func(expr string) bool) bool {
	ls := s.fileLines(file)
	held := false
	for i := s.funcStart(file, n); i < n && i <= len(ls); i++ {
		l := strings.TrimSpace(ls[i-1])
		if strings.HasPrefix(l, "//") {
			continue
		}
		if e, _ := lockExpr(l); e != "" && match(e) {
			held = true
			continue
		}
		if e := unlockExpr(l); e != "" && match(e) && !strings.HasPrefix(l, "defer ") {
			held = false
		}
	}
	return held
}
