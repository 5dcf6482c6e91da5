package explore

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// YieldFunc is the function every scheduling point calls; RuntimeFile defines it.
const YieldFunc = "zzGraderYield"

// opMethods are the methods of package sync and sync/atomic whose calls are concurrency
// operations. Without type information a call is matched by its method name: a method of
// another type with one of these names gets a scheduling point too, which changes nothing
// but the schedule.
var opMethods = map[string]bool{
	"Lock": true, "Unlock": true, "RLock": true, "RUnlock": true, "TryLock": true, "TryRLock": true,
	"Add": true, "Done": true, "Wait": true, "Go": true,
	"Signal": true, "Broadcast": true, "Do": true,
	"Load": true, "Store": true, "Swap": true, "CompareAndSwap": true, "And": true, "Or": true,
	"LoadOrStore": true, "LoadAndDelete": true, "CompareAndDelete": true,
}

// releases are the operations after which another goroutine may now proceed: a point after
// them lets it run first.
var releases = map[string]bool{
	"Unlock": true, "RUnlock": true, "Done": true, "Signal": true, "Broadcast": true,
	"Store": true, "Add": true, "Swap": true, "CompareAndSwap": true,
}

// insertion is text inserted at a byte offset of the source.
type insertion struct {
	off  int
	text string
}

// Instrument returns src with a scheduling point (a call of YieldFunc) before every statement
// that performs a concurrency operation, after every statement that releases one (an unlock,
// a Done, a send, a close, a go statement), around the call of a defer statement that defers
// one (deferred points, which run just before and just after it), and at the top of the body
// of every range loop that may be over a channel (one with at most one iteration variable: a
// loop over a channel receives there). Sites are numbered from first; next is the number after the
// last one used.
//
// Every insertion is on the line of the statement it precedes or follows, and is followed by a
// /*line :L:C*/ directive that gives the next character back its own line and column: every
// position the compiler records (in stack traces, race reports, vet and build errors) is the
// one it has in src. Test files are not to be instrumented: only the package's code.
func Instrument(filename string, src []byte, first int) (out []byte, next int, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, first, err
	}
	atomicName := ""
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path == "C" {
			return src, first, nil // cgo: left as it is
		}
		if path == "sync/atomic" {
			atomicName = "atomic"
			if imp.Name != nil {
				atomicName = imp.Name.Name
			}
		}
	}
	in := &instrumenter{fset: fset, file: fset.File(f.Pos()), atomic: atomicName, site: first}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			in.list(n.List)
		case *ast.CaseClause:
			in.list(n.Body)
		case *ast.CommClause:
			in.list(n.Body)
		case *ast.RangeStmt:
			// A range over a channel receives at the top of its body; one with two iteration
			// variables ranges over something else.
			if n.Body != nil && (n.Value == nil || isBlank(n.Value)) {
				in.at(n.Body.Lbrace+1, false)
			}
		}
		return true
	})
	if len(in.ins) == 0 {
		return src, first, nil
	}
	slices.SortStableFunc(in.ins, func(a, b insertion) int { return a.off - b.off })
	var b bytes.Buffer
	last := 0
	for _, x := range in.ins {
		b.Write(src[last:x.off])
		b.WriteString(x.text)
		last = x.off
	}
	b.Write(src[last:])
	return b.Bytes(), in.site, nil
}

type instrumenter struct {
	fset   *token.FileSet
	file   *token.File
	atomic string // the name sync/atomic is imported under, "" if it is not
	site   int
	ins    []insertion
}

// list adds the points of one statement list.
func (in *instrumenter) list(stmts []ast.Stmt) {
	for _, s := range stmts {
		switch s.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // the body of a switch or select: the clauses' own lists get the points
		}
		if d, ok := s.(*ast.DeferStmt); ok {
			if _, op := in.opName(d.Call); op {
				// Deferred calls run last in, first out: a deferred point before the statement
				// runs after its call, one after the statement runs before it.
				in.deferred(d.Pos(), false)
				in.deferred(d.End(), true)
			}
			continue
		}
		if in.headerOp(s) {
			in.at(s.Pos(), false)
		}
		if in.releasing(s) {
			in.at(s.End(), true)
		}
	}
}

// at inserts a point at pos: before the statement there, or (after) just past the one ending there.
func (in *instrumenter) at(pos token.Pos, after bool) {
	p := in.file.Position(pos)
	call := fmt.Sprintf("%s(%d)", YieldFunc, in.site)
	in.site++
	directive := fmt.Sprintf("/*line :%d:%d*/", p.Line, p.Column)
	text := call + "; " + directive
	if after {
		text = "; " + call + directive
	}
	in.ins = append(in.ins, insertion{off: in.file.Offset(pos), text: text})
}

// deferred inserts a deferred point at pos, as at does a point.
func (in *instrumenter) deferred(pos token.Pos, after bool) {
	in.at(pos, after)
	x := &in.ins[len(in.ins)-1]
	x.text = strings.Replace(x.text, YieldFunc, "defer "+YieldFunc, 1)
}

// headerOp reports whether statement s does a concurrency operation before any statement of
// its own body runs: a simple statement that does one, a select, or an if, for or switch whose
// header does.
func (in *instrumenter) headerOp(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.SelectStmt, *ast.GoStmt, *ast.SendStmt:
		return true
	case *ast.LabeledStmt:
		return in.headerOp(s.Stmt)
	case *ast.IfStmt:
		return in.has(s.Init) || in.has(s.Cond)
	case *ast.ForStmt:
		return in.has(s.Init) || in.has(s.Cond)
	case *ast.RangeStmt:
		return in.has(s.X)
	case *ast.SwitchStmt:
		return in.has(s.Init) || in.has(s.Tag)
	case *ast.TypeSwitchStmt:
		return in.has(s.Init) || in.has(s.Assign)
	case *ast.BlockStmt, *ast.DeferStmt, *ast.BranchStmt, *ast.EmptyStmt:
		return false
	}
	return in.has(s)
}

// releasing reports whether simple statement s ends with a release: another goroutine may
// go on once it has run.
func (in *instrumenter) releasing(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.GoStmt, *ast.SendStmt:
		return true
	case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt:
		found := false
		in.inspect(s, func(c *ast.CallExpr) {
			if name, ok := in.opName(c); ok && (releases[name] || name == "close") {
				found = true
			}
		})
		return found
	}
	return false
}

// has reports whether n does a concurrency operation outside the function literals in it
// (which get their own points).
func (in *instrumenter) has(n ast.Node) bool {
	if n == nil {
		return false
	}
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		switch c := c.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt, *ast.GoStmt, *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			if c.Op == token.ARROW {
				found = true
			}
		case *ast.CallExpr:
			if _, ok := in.opName(c); ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// inspect calls f for every call in n outside its function literals.
func (in *instrumenter) inspect(n ast.Node, f func(*ast.CallExpr)) {
	ast.Inspect(n, func(c ast.Node) bool {
		switch c := c.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			f(c)
		}
		return true
	})
}

// opName is the name of the concurrency operation call c makes: "close", a method of opMethods,
// or a function of sync/atomic.
func (in *instrumenter) opName(c *ast.CallExpr) (string, bool) {
	switch fun := c.Fun.(type) {
	case *ast.Ident:
		return fun.Name, fun.Name == "close"
	case *ast.SelectorExpr:
		if x, ok := fun.X.(*ast.Ident); ok && in.atomic != "" && x.Name == in.atomic {
			return atomicOp(fun.Sel.Name), true
		}
		return fun.Sel.Name, opMethods[fun.Sel.Name]
	}
	return "", false
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// atomicOp names a function of sync/atomic by its operation: AddInt64 -> Add.
func atomicOp(fn string) string {
	for _, op := range []string{"CompareAndSwap", "Add", "Load", "Store", "Swap", "And", "Or"} {
		if len(fn) >= len(op) && fn[:len(op)] == op {
			return op
		}
	}
	return fn
}
