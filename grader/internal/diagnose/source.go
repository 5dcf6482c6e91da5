package diagnose

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"gokatas/grader/internal/explore"
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

	mu       sync.Mutex // several runs of a package may be diagnosed at once
	lines    map[string][]string
	abs      map[string]string // shown path -> absolute path, for every location made
	resolved map[string]string // bare file name from test output -> its file, or ""
	root     *string           // the module's root, once looked up
}

// DisplayPath shows an absolute path as the user sees it.
func (s *Source) DisplayPath(abs string) string { return s.display(abs) }

func (s *Source) display(abs string) string {
	shown := abs
	if s.Display != nil {
		shown = s.Display(abs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.abs == nil {
		s.abs = map[string]string{}
	}
	s.abs[shown] = abs
	return shown
}

// at is a location at line n of the file at abs.
func (s *Source) at(abs string, n int, role Role) Location {
	return Location{File: s.display(abs), Line: n, Role: role}
}

// absOf is the absolute path of a shown path that a location of this source was made with.
func (s *Source) absOf(shown string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.abs[shown]
}

// real reports whether a location names a line of a file that exists and is not the grader's.
func (s *Source) real(l Location) bool {
	s.mu.Lock()
	abs, ok := s.abs[l.File]
	s.mu.Unlock()
	if !ok || added(abs) {
		return false
	}
	return l.Line >= 1 && l.Line <= len(s.fileLines(abs))
}

// keepReal drops from the findings every location that does not name a line of a real file of
// the user's: a diagnosis says less rather than point at a file that is not there.
func (s *Source) keepReal(fs []Finding) []Finding {
	for i := range fs {
		fs[i].Locations = slices.DeleteFunc(fs[i].Locations, func(l Location) bool { return !s.real(l) })
	}
	return fs
}

// resolve finds the file a bare name of the test output (t.Errorf prints "check.go:9") stands
// for: the package's own file of that name, else the one file of that name in the module that
// has that many lines. It returns "" when there is none or more than one: then the diagnosis
// names no file rather than guess.
func (s *Source) resolve(name string, line int) string {
	if filepath.IsAbs(name) {
		return name
	}
	if p := filepath.Join(s.PkgDir, name); len(s.fileLines(p)) >= line {
		return p
	}
	s.mu.Lock()
	r, done := s.resolved[name]
	s.mu.Unlock()
	if done {
		return r
	}
	var found []string
	if root := s.moduleRoot(); root != "" {
		seen := 0
		filepath.WalkDir(root, func(path string, e os.DirEntry, err error) error {
			if err != nil || seen > 20000 {
				return filepath.SkipDir
			}
			seen++
			if e.IsDir() {
				if n := e.Name(); path != root && (strings.HasPrefix(n, ".") || n == "vendor" || n == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if e.Name() == filepath.Base(name) && strings.HasSuffix(filepath.ToSlash(path), "/"+filepath.ToSlash(name)) && len(s.fileLines(path)) >= line {
				found = append(found, path)
			}
			return nil
		})
	}
	if len(found) == 1 {
		r = found[0]
	}
	s.mu.Lock()
	if s.resolved == nil {
		s.resolved = map[string]string{}
	}
	s.resolved[name] = r
	s.mu.Unlock()
	return r
}

// moduleRoot is the root of the package's module, or "".
func (s *Source) moduleRoot() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.root == nil {
		r := moduleRoot(s.PkgDir)
		s.root = &r
	}
	return *s.root
}

// moduleRoot is the nearest directory at or above dir that has a go.mod, or "".
func moduleRoot(dir string) string {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// AddedFile is the file the grader itself adds to a package (its leak check): never the
// package's own code.
const AddedFile = "zz_grader_leakcheck_test.go"

// added reports whether file is one the grader adds to a package at build time: its leak
// check, or the scheduling points of a perturbed run (explore.RuntimeFile).
func added(file string) bool {
	base := filepath.Base(file)
	return base == AddedFile || base == explore.RuntimeFile
}

// own reports whether the frame is in the package's directory.
func (s *Source) own(f trace.Frame) bool {
	file := filepath.Clean(f.File)
	return filepath.Dir(file) == filepath.Clean(s.PkgDir) && !added(file)
}

func framePath(path string) trace.Frame { return trace.Frame{File: path} }

func (s *Source) focus(f trace.Frame) bool {
	return slices.Contains(s.Focus, filepath.Clean(f.File))
}

// pick returns the frame to show for a stack: the first in a focus file, else the first in the
// package's code, else in its tests, else the first outside the standard library.
func (s *Source) pick(frames []trace.Frame) *trace.Frame {
	code := func(f trace.Frame) bool { return s.own(f) && !strings.HasSuffix(f.File, "_test.go") }
	// Outside the standard library: a dependency, or another package of the module (whose path
	// may have no dot, like the standard library's).
	root := s.moduleRoot()
	user := func(f trace.Frame) bool {
		inModule := root != "" && strings.HasPrefix(filepath.Clean(f.File), root+string(filepath.Separator))
		return (!f.IsStd() || inModule) && !added(f.File)
	}
	for _, keep := range []func(trace.Frame) bool{s.focus, code, s.own, user} {
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

func (s *Source) loc(f *trace.Frame, role Role) Location {
	l := s.at(f.File, f.Line, role)
	l.Function = f.ShortFunc()
	return l
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

// funcStart returns the line of the innermost function (declaration or literal) around line
// n: a search for locks held stops at a `go func()`, whose goroutine holds nothing of its
// parent's. Without a parse it falls back to the nearest line that opens a declaration.
func (s *Source) funcStart(file string, n int) int {
	if fset, f := s.parse(file); f != nil {
		start := 0
		ast.Inspect(f, func(x ast.Node) bool {
			switch x.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				if from, to := fset.Position(x.Pos()).Line, fset.Position(x.End()).Line; from <= n && n <= to {
					start = from // Inspect goes outside in: the last match is the innermost
				}
			}
			return true
		})
		if start > 0 {
			return start
		}
	}
	ls := s.fileLines(file)
	for i := min(n, len(ls)) - 1; i >= 0; i-- {
		if strings.HasPrefix(ls[i], "func ") {
			return i + 1
		}
	}
	return 1
}

// parse returns the syntax tree of a file (as compiled: overlays are followed), or nil.
func (s *Source) parse(file string) (*token.FileSet, *ast.File) {
	ls := s.fileLines(file)
	if ls == nil {
		return nil, nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, strings.Join(ls, "\n"), parser.SkipObjectResolution)
	if err != nil {
		return nil, nil
	}
	return fset, f
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

// funcName names the function declared around line n of file as a stack frame would:
// "Inc", "(*Hits).Inc"; "" when there is none.
func (s *Source) funcName(file string, n int) string {
	fset, f := s.parse(file)
	if f == nil {
		return ""
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fset.Position(fd.Pos()).Line > n || n > fset.Position(fd.End()).Line {
			continue
		}
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			return "(" + exprString(fd.Recv.List[0].Type) + ")." + fd.Name.Name
		}
		return fd.Name.Name
	}
	return ""
}

// receiver returns the receiver's name and type (without *) of the method declared around line
// n of file, or "" when the line is not in a method.
func (s *Source) receiver(file string, n int) (name, typ string) {
	fset, f := s.parse(file)
	if f == nil {
		return "", ""
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || fset.Position(fd.Pos()).Line > n || n > fset.Position(fd.End()).Line {
			continue
		}
		r := fd.Recv.List[0]
		if len(r.Names) > 0 {
			name = r.Names[0].Name
		}
		return name, strings.TrimPrefix(exprString(r.Type), "*")
	}
	return "", ""
}
