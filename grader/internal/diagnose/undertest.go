package diagnose

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// codeUnderTest finds the package functions a failing test called before the failing line: the
// code whose result was wrong. It returns up to two, the closest to the failure first, as
// locations of their declarations in the package's non-test files.
func (s *Source) codeUnderTest(testFile, test string, failLine int) []Location {
	name, _, _ := strings.Cut(test, "/")
	ds := s.declarations()
	if len(ds) == 0 {
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
		decl decl
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
			line := fset.Position(c.Pos()).Line
			if depth > 0 {
				line = at // a call inside a helper happens where the test called the helper
			}
			if line > failLine {
				return true
			}
			switch fn := c.Fun.(type) {
			case *ast.Ident:
				if d, ok := ds.function(fn.Name); ok {
					calls = append(calls, call{d, line})
				} else if h := helpers[fn.Name]; h != nil && h != body && depth < 2 {
					visit(h, depth+1, line)
				}
			case *ast.SelectorExpr:
				// A method: the one of the receiver's type. With several types that have a
				// method of that name, the receiver's type must be known, or nothing is said.
				if d, ok := ds.method(fn.Sel.Name, receiverType(fn.X, body, ds)); ok {
					calls = append(calls, call{d, line})
				}
			}
			return true
		})
	}
	visit(body, 0, 0)
	var out []Location
	seen := map[string]bool{}
	for i := len(calls) - 1; i >= 0 && len(out) < 2; i-- {
		c := calls[i]
		if seen[c.decl.function] {
			continue
		}
		seen[c.decl.function] = true
		d := c.decl
		l := s.at(d.file, d.line, RoleFailed)
		l.Function = d.function
		out = append(out, l)
	}
	return out
}

type decl struct {
	name     string // the function's or method's own name
	recv     string // the receiver's type name, without *; "" for a function
	result   string // the named type of a function's first result, without *
	returns  string // the one type a function's body returns as &T{...} or T{...}, if only one
	file     string
	line     int
	function string // as a stack shows it: "Sum", "(*Cache).Get"
}

// decls are the functions and methods declared in the package's non-test files.
type decls []decl

// function returns the package-level function of that name.
func (ds decls) function(name string) (decl, bool) {
	for _, d := range ds {
		if d.recv == "" && d.name == name {
			return d, true
		}
	}
	return decl{}, false
}

// method returns the method of that name of type recv; with recv unknown (""), the method only
// when a single type has one of that name.
func (ds decls) method(name, recv string) (decl, bool) {
	var found []decl
	for _, d := range ds {
		if d.recv != "" && d.name == name && (recv == "" || d.recv == recv) {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		return decl{}, false
	}
	return found[0], true
}

// hasMethods reports whether some method has recv as its receiver type.
func (ds decls) hasMethods(recv string) bool {
	for _, d := range ds {
		if d.recv == recv {
			return true
		}
	}
	return false
}

// receiverType infers the type of a method call's receiver x from the test body: `x :=
// NewT(...)` with a constructor of the package (its declared result, or, where that is an
// interface, the one type its body returns), `x := &T{...}`, `x := T{...}` or `var x T`. It
// returns "" when it cannot tell.
func receiverType(x ast.Expr, body *ast.BlockStmt, ds decls) string {
	id, ok := x.(*ast.Ident)
	if !ok {
		return ""
	}
	typ := ""
	ast.Inspect(body, func(n ast.Node) bool {
		switch st := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range st.Lhs {
				if l, ok := lhs.(*ast.Ident); ok && l.Name == id.Name && i < len(st.Rhs) {
					typ = exprType(st.Rhs[i], ds)
				}
			}
		case *ast.ValueSpec:
			for _, n := range st.Names {
				if n.Name == id.Name && st.Type != nil {
					typ = strings.TrimPrefix(exprString(st.Type), "*")
				}
			}
		}
		return true
	})
	return typ
}

// exprType is the type name an expression makes: &T{}, T{}, or a call of a package function.
func exprType(e ast.Expr, ds decls) string {
	switch v := e.(type) {
	case *ast.UnaryExpr:
		return exprType(v.X, ds)
	case *ast.CompositeLit:
		if v.Type != nil {
			return strings.TrimPrefix(exprString(v.Type), "*")
		}
	case *ast.CallExpr:
		if fn, ok := v.Fun.(*ast.Ident); ok {
			if d, ok := ds.function(fn.Name); ok {
				if ds.hasMethods(d.result) {
					return d.result
				}
				return d.returns
			}
		}
	}
	return ""
}

// declarations lists the functions and methods declared in the package's non-test files,
// the editable files first.
func (s *Source) declarations() decls {
	files, _ := filepath.Glob(filepath.Join(s.PkgDir, "*.go"))
	slices.SortStableFunc(files, func(a, b string) int { return boolInt(!s.focus(framePath(a))) - boolInt(!s.focus(framePath(b))) })
	var out decls
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") || filepath.Base(path) == AddedFile {
			continue
		}
		fset, f := s.parse(path)
		if f == nil {
			continue
		}
		for _, x := range f.Decls {
			fd, ok := x.(*ast.FuncDecl)
			if !ok {
				continue
			}
			d := decl{name: fd.Name.Name, function: fd.Name.Name, file: path, line: fset.Position(fd.Pos()).Line}
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				t := exprString(fd.Recv.List[0].Type)
				d.recv = strings.TrimPrefix(t, "*")
				d.function = "(" + t + ")." + fd.Name.Name
			} else {
				if r := fd.Type.Results; r != nil && len(r.List) > 0 {
					d.result = strings.TrimPrefix(exprString(r.List[0].Type), "*")
				}
				d.returns = returnedType(fd.Body)
			}
			out = append(out, d)
		}
	}
	return out
}

// returnedType is the one composite type a function body returns (`return &T{...}`), or "".
func returnedType(body *ast.BlockStmt) string {
	if body == nil {
		return ""
	}
	typ, many := "", false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		r, ok := n.(*ast.ReturnStmt)
		if !ok || len(r.Results) == 0 {
			return true
		}
		e := r.Results[0]
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = u.X
		}
		t := ""
		if c, ok := e.(*ast.CompositeLit); ok && c.Type != nil {
			t = exprString(c.Type)
		}
		if typ != "" && t != typ {
			many = true
		}
		typ = t
		return true
	})
	if many {
		return ""
	}
	return typ
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
