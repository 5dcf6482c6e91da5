package diagnose

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// codeUnderTest finds the package functions a failing test called before the failing line: the
// code whose result was wrong. It returns up to two, the closest to the failure first, as
// locations of their declarations in the package's non-test files.
func (s *Source) codeUnderTest(testFile, test string, failLine int) []Location {
	name, _, _ := strings.Cut(test, "/")
	decls := s.declarations()
	if len(decls) == 0 {
		return nil
	}
	fset := token.NewFileSet()
	src := []byte(strings.Join(s.fileLines(testFile), "\n"))
	f, err := parser.ParseFile(fset, testFile, src, 0)
	if err != nil {
		return nil
	}
	// The test's own helpers (functions of the test file), through which it may call the code.
	helpers := map[string]*ast.BlockStmt{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil {
			helpers[fd.Name.Name] = fd.Body
		}
	}
	body := helpers[name]
	// A failure reported from a helper of the test file (t.Helper() not called, or a closure
	// the helper runs) is read from that helper: the calls before it there led to it.
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Recv == nil &&
			fset.Position(fd.Pos()).Line <= failLine && failLine <= fset.Position(fd.End()).Line {
			body = fd.Body
		}
	}
	if body == nil {
		return nil
	}
	type call struct {
		name string
		line int
	}
	var calls []call
	var visit func(body *ast.BlockStmt, depth, at int)
	visit = func(body *ast.BlockStmt, depth, at int) {
		ast.Inspect(body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var callee string
			switch fn := c.Fun.(type) {
			case *ast.Ident:
				callee = fn.Name
			case *ast.SelectorExpr:
				callee = fn.Sel.Name
			}
			line := fset.Position(c.Pos()).Line
			if depth > 0 {
				line = at // a call inside a helper happens where the test called the helper
			}
			if line > failLine {
				return true
			}
			if _, ok := decls[callee]; ok {
				calls = append(calls, call{callee, line})
			} else if h := helpers[callee]; h != nil && h != body && depth < 2 {
				visit(h, depth+1, line)
			}
			return true
		})
	}
	visit(body, 0, 0)
	var out []Location
	seen := map[string]bool{}
	for i := len(calls) - 1; i >= 0 && len(out) < 2; i-- {
		c := calls[i]
		if seen[c.name] {
			continue
		}
		seen[c.name] = true
		d := decls[c.name]
		out = append(out, Location{File: s.display(d.file), Line: d.line, Function: d.function, Role: RoleFailed})
	}
	return out
}

type decl struct {
	file     string
	line     int
	function string
}

// declarations maps the names of the functions and methods declared in the package's non-test
// files (the editable files first) to where they are declared.
func (s *Source) declarations() map[string]decl {
	files, _ := filepath.Glob(filepath.Join(s.PkgDir, "*.go"))
	out := map[string]decl{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") || filepath.Base(path) == AddedFile {
			continue
		}
		fset := token.NewFileSet()
		src := []byte(strings.Join(s.fileLines(path), "\n"))
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				fn = "(" + exprString(fd.Recv.List[0].Type) + ")." + fn
			}
			if _, dup := out[fd.Name.Name]; !dup || s.focus(framePath(path)) {
				out[fd.Name.Name] = decl{file: path, line: fset.Position(fd.Pos()).Line, function: fn}
			}
		}
	}
	return out
}

func exprString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return "*" + exprString(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return exprString(t.X)
	case *ast.IndexListExpr:
		return exprString(t.X)
	}
	return "?"
}
