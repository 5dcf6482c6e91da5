package diagnose

import (
	"go/ast"
	"go/token"
	"regexp"

	"gokatas/grader/internal/trace"
)

// waitingOnTime finds, among goroutines that are all blocked at the deadline, one that is only
// waiting for time to pass: in a select or a receive with a one-shot timer's channel as a case
// (time.After, or the C of a timer made with time.NewTimer in that file). Such a test is not
// stuck forever; it is slower than the deadline. A ticker is not counted: it fires again and
// again, so a goroutine looping on one is not about to finish. It returns the goroutine's
// location and what it waits on.
func (d *diag) waitingOnTime(gs []trace.Goroutine) (Location, string, bool) {
	for _, g := range gs {
		fr := d.src.pick(g.Frames)
		if fr == nil {
			continue
		}
		what := ""
		if g.State == "select" || g.State == "chan receive" {
			what = d.timerCase(fr.File, fr.Line)
		}
		if what != "" {
			l := d.src.loc(fr, RoleBlocked)
			l.State = g.State
			return l, what, true
		}
	}
	return Location{}, "", false
}

// timerCase returns the timer a select statement or receive at file:line waits on, or "".
func (d *diag) timerCase(file string, line int) string {
	fset, f := d.src.parse(file)
	if f == nil {
		return ""
	}
	found := ""
	ast.Inspect(f, func(n ast.Node) bool {
		if found != "" || n == nil {
			return false
		}
		switch s := n.(type) {
		case *ast.SelectStmt:
			if fset.Position(s.Pos()).Line != line {
				return true
			}
			for _, c := range s.Body.List {
				if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
					ast.Inspect(cc.Comm, func(n ast.Node) bool {
						if found == "" {
							found = d.timerRecv(file, n)
						}
						return found == ""
					})
				}
			}
			return false
		case *ast.UnaryExpr:
			if fset.Position(s.Pos()).Line == line {
				found = d.timerRecv(file, s)
			}
		}
		return true
	})
	return found
}

// timerRecv names the one-shot timer a receive expression in file reads from: "time.After", or
// "X.C" where X is made by time.NewTimer in the same file; "" for anything else.
func (d *diag) timerRecv(file string, n ast.Node) string {
	u, ok := n.(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return ""
	}
	switch x := u.X.(type) {
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "time" && sel.Sel.Name == "After" {
				return "time.After"
			}
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && x.Sel.Name == "C" {
			made := regexp.MustCompile(`\b` + regexp.QuoteMeta(id.Name) + `\s*:?=\s*time\.NewTimer\(`)
			for _, l := range d.src.fileLines(file) {
				if made.MatchString(l) {
					return id.Name + ".C"
				}
			}
		}
	}
	return ""
}
