package diagnose

import (
	"fmt"
	"go/ast"
	"path/filepath"
	"slices"
	"strings"

	"gokatas/grader/internal/verdict"
)

// exited explains a run that stopped in the middle of a test with no panic, no deadline and no
// failure report: the process exited (os.Exit, log.Fatal) while a test was running. The test
// that never ended is in the stream; where the exit is called is read from the package's files.
func (d *diag) exited(text string, code int) {
	running := d.exec.Running()
	if len(running) == 0 {
		return
	}
	t := running[len(running)-1]
	f := Finding{
		Kind:      verdict.Exit,
		Test:      t.Name,
		Summary:   fmt.Sprintf("the test process exited (status %d) during %s, before the test finished", code, t.Name),
		Locations: []Location{},
		Advice: "Something called os.Exit (log.Fatal does too) while the test ran: the process ends at once, with no failure report and no deferred calls. " +
			"Return an error instead, and let main decide to exit.",
	}
	var said []string
	for _, l := range t.Output {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "=== ") {
			said = append(said, l)
		}
	}
	f.Message = strings.Join(said, "\n")
	if l, ok := d.testDecl(t.Name); ok {
		l.Role = RoleFailed
		f.Locations = append(f.Locations, l)
	}
	f.Locations = appendNew(f.Locations, d.exitCalls()...)
	d.out = append(d.out, f)
}

// exitFuncs are the calls that end the process.
var exitFuncs = []string{"os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln"}

// exitCalls are the calls in the package's files that end the process, the code's before the
// tests'; none when there are more than three (then they say nothing about this exit).
func (d *diag) exitCalls() []Location {
	files, _ := filepath.Glob(filepath.Join(d.src.PkgDir, "*.go"))
	slices.SortStableFunc(files, func(a, b string) int {
		return boolInt(strings.HasSuffix(a, "_test.go")) - boolInt(strings.HasSuffix(b, "_test.go"))
	})
	var out []Location
	for _, file := range files {
		if added(file) {
			continue
		}
		fset, af := d.src.parse(file)
		if af == nil {
			continue
		}
		ast.Inspect(af, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || !slices.Contains(exitFuncs, x.Name+"."+sel.Sel.Name) {
				return true
			}
			out = append(out, d.causeAt(file, fset.Position(c.Pos()).Line, x.Name+"."+sel.Sel.Name+" ends the whole test process here"))
			return true
		})
	}
	if len(out) > 3 {
		return nil
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
