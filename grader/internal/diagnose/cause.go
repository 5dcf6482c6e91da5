package diagnose

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// The symptom of a blocking bug is often far from its cause: a goroutine blocked at wg.Wait()
// because a Done is missing elsewhere, a send that blocks because the channel was made too
// small, a panic on a send because someone else closed the channel. causes adds to a finding
// the learner's lines that most likely hold the cause, read from the learner's own files: where
// the channel is made or closed, where the WaitGroup is counted, where a locked function
// returns without unlocking, where a Cond is signalled, a break that leaves only a switch.
// It only names a line that it finds in those files; where it finds nothing it says nothing.

var (
	sendRE    = regexp.MustCompile(`(?:^|[{;]\s*)([\w.\[\]]+)\s*<-`)
	recvRE    = regexp.MustCompile(`<-\s*([\w.\[\]]+)`)
	rangeRE   = regexp.MustCompile(`range\s+([\w.\[\]]+)\s*\{?$`)
	closeRE   = regexp.MustCompile(`\bclose\(([\w.\[\]]+)\)`)
	methodRE  = regexp.MustCompile(`([\w.\[\]]+)\.(Wait|Lock|RLock)\(\)`)
	makeChanT = `(?:^|[\s(,{.])%s\s*(?::=|=|:)\s*make\(chan\b`
	// callChanRE is a receive from, or a range over, the result of a plain function call.
	callChanRE = regexp.MustCompile(`(?:<-\s*|range\s+)([A-Za-z_]\w*)\(`)
)

// lastName is the last element of a selector: "s.queue" -> "queue".
func lastName(expr string) string {
	if i := strings.LastIndexByte(expr, '.'); i >= 0 {
		return expr[i+1:]
	}
	return expr
}

// codeFiles are the learner's files, or, for a package that is not a kata, its non-test files.
func (d *diag) codeFiles() []string {
	if len(d.src.Focus) > 0 {
		return d.src.Focus
	}
	files, _ := filepath.Glob(filepath.Join(d.src.PkgDir, "*.go"))
	return slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
}

// focusLines calls fn for every line of the learner's files.
func (d *diag) focusLines(fn func(file string, n int, line string)) {
	for _, f := range d.codeFiles() {
		for i, l := range d.src.fileLines(f) {
			fn(f, i+1, strings.TrimSpace(l))
		}
	}
}

func (d *diag) causeAt(file string, n int, note string) Location {
	l := d.src.at(file, n, RoleCause)
	l.Note = note
	return l
}

// causes returns the likely causes of a goroutine in state, blocked or panicking at file:line.
func (d *diag) causes(state, file string, line int) []Location {
	text := d.src.line(file, line)
	var out []Location
	switch {
	case strings.HasPrefix(state, "chan send") || strings.HasPrefix(state, "chan receive"):
		var ch string
		if m := sendRE.FindStringSubmatch(text); m != nil && strings.HasPrefix(state, "chan send") {
			ch = m[1]
		} else if m := rangeRE.FindStringSubmatch(text); m != nil {
			ch = m[1]
		} else if m := recvRE.FindStringSubmatch(text); m != nil {
			ch = m[1]
		}
		if ch == "" {
			// `for v := range Results(3)`: the channel comes straight from a call.
			if m := callChanRE.FindStringSubmatch(text); m != nil {
				out = append(out, d.madeIn(m[1], state)...)
			}
			break
		}
		name := lastName(ch)
		makeRE := regexp.MustCompile(fmt.Sprintf(makeChanT, regexp.QuoteMeta(name)))
		closed := false
		d.focusLines(func(f string, n int, l string) {
			if m := closeRE.FindStringSubmatch(l); m != nil && lastName(m[1]) == name {
				closed = true
			}
		})
		d.focusLines(func(f string, n int, l string) {
			if makeRE.MatchString(l) {
				note := name + " is made here"
				if strings.HasSuffix(state, "(nil chan)") {
					out = append(out, d.causeAt(f, n, note+", but not on every path: where it is not, "+name+" stays nil, and a nil channel blocks forever"))
					return
				}
				if strings.HasPrefix(state, "chan receive") && !closed {
					note += "; nothing closes it"
				} else if strings.HasPrefix(state, "chan send") {
					note += ": who receives what is sent on it, and is there room?"
				}
				out = append(out, d.causeAt(f, n, note))
			}
		})
		if len(out) == 0 && !strings.Contains(ch, ".") {
			// `res := Results(3)` earlier in the same function: the channel is made in Results.
			assigned := regexp.MustCompile(`\b` + regexp.QuoteMeta(ch) + `\s*:?=\s*(\w+)\(`)
			ls := d.src.fileLines(file)
			for i := d.src.funcStart(file, line); i < line && i <= len(ls); i++ {
				if m := assigned.FindStringSubmatch(ls[i-1]); m != nil {
					out = append(out, d.madeIn(m[1], state)...)
					break
				}
			}
		}
	case state == "sync.WaitGroup.Wait":
		m := methodRE.FindStringSubmatch(text)
		if m == nil {
			break
		}
		name := lastName(m[1])
		d.focusLines(func(f string, n int, l string) {
			if strings.Contains(l, name+".Add(") {
				out = append(out, d.causeAt(f, n, "counted here: every Add needs a Done on every path"))
			}
		})
	case state == "sync.Mutex.Lock" || state == "sync.RWMutex.Lock" || state == "sync.RWMutex.RLock":
		m := methodRE.FindStringSubmatch(text)
		if m == nil {
			break
		}
		out = append(out, d.returnsHolding(lastName(m[1]))...)
	case state == "select":
		out = append(out, d.selectCauses(file, line)...)
	case state == "sync.Cond.Wait":
		// A Signal after a change that concerns every waiter (a Close, a flag set to true) is
		// the likely one; without such a Signal, every Signal is named.
		var all, forAll []Location
		d.focusLines(func(f string, n int, l string) {
			if !strings.Contains(l, ".Signal()") {
				return
			}
			all = append(all, d.causeAt(f, n, "Signal wakes one waiter only"))
			fn := d.src.funcName(f, n)
			flag := false
			for i := max(n-3, 1); i < n; i++ {
				if strings.HasSuffix(d.src.line(f, i), "= true") {
					flag = true
				}
			}
			if flag || strings.HasSuffix(fn, "Close") || strings.HasSuffix(fn, "Stop") || strings.HasSuffix(fn, "Shutdown") {
				forAll = append(forAll, d.causeAt(f, n, "Signal wakes one waiter only, but this change concerns all of them: Broadcast"))
			}
		})
		if len(forAll) > 0 {
			all = forAll
		}
		out = append(out, all...)
	}
	if strings.HasPrefix(state, "chan ") || state == "select" {
		out = append(out, d.switchBreaks(file, line)...)
	}
	return out
}

// closeSites are the lines that close the channel a panicking line sends on or closes.
func (d *diag) closeSites(file string, line int) []Location {
	text := d.src.line(file, line)
	var ch string
	if m := sendRE.FindStringSubmatch(text); m != nil {
		ch = m[1]
	} else if m := closeRE.FindStringSubmatch(text); m != nil {
		ch = m[1]
	}
	if ch == "" {
		return nil
	}
	name := lastName(ch)
	var out []Location
	d.focusLines(func(f string, n int, l string) {
		if m := closeRE.FindStringSubmatch(l); m != nil && lastName(m[1]) == name && !(f == file && n == line) {
			out = append(out, d.causeAt(f, n, name+" is closed here"))
		}
	})
	return out
}

// returnsHolding finds, in the learner's files, returns between name.Lock() (not followed by a
// deferred unlock) and the next name.Unlock() in the same function.
func (d *diag) returnsHolding(name string) []Location {
	var out []Location
	for _, f := range d.codeFiles() {
		ls := d.src.fileLines(f)
		for i := 0; i < len(ls); i++ {
			l := strings.TrimSpace(ls[i])
			if !strings.HasSuffix(l, name+".Lock()") && !strings.HasSuffix(l, name+".RLock()") {
				continue
			}
			for j := i + 1; j < len(ls); j++ {
				t := strings.TrimSpace(ls[j])
				if strings.HasPrefix(t, "defer ") && strings.Contains(t, name+".") && strings.Contains(t, "Unlock") {
					break
				}
				if strings.Contains(t, name+".Unlock()") || strings.Contains(t, name+".RUnlock()") || strings.HasPrefix(ls[j], "func ") || ls[j] == "}" {
					break
				}
				if t == "return" || strings.HasPrefix(t, "return ") {
					out = append(out, d.causeAt(f, j+1, "returns while holding "+name))
				}
			}
		}
	}
	return out
}

// switchBreaks finds, in the function around file:line (a learner's file), a bare break inside
// a switch or select that is itself inside a loop: it leaves the switch, not the loop.
func (d *diag) switchBreaks(file string, line int) []Location {
	if !d.isFocus(file) {
		return nil
	}
	src := strings.Join(d.src.fileLines(file), "\n")
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []Location
	var stack []ast.Node
	ast.Inspect(af, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		br, ok := n.(*ast.BranchStmt)
		if !ok || br.Tok != token.BREAK || br.Label != nil {
			return true
		}
		// The innermost breakable statement, and a loop outside it, in the same function.
		for i := len(stack) - 2; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit, *ast.FuncDecl:
				return true
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				for j := i - 1; j >= 0; j-- {
					switch fn := stack[j].(type) {
					case *ast.FuncLit, *ast.FuncDecl:
						return true
					case *ast.ForStmt, *ast.RangeStmt:
						if encloses(fset, fn, line) || encloses(fset, enclosingFunc(stack[:j]), line) {
							p := fset.Position(br.Pos())
							out = append(out, d.causeAt(file, p.Line, "this break leaves the switch or select, not the loop"))
						}
						return true
					}
				}
				return true
			}
		}
		return true
	})
	return out
}

func enclosingFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return stack[i]
		}
	}
	return nil
}

func encloses(fset *token.FileSet, n ast.Node, line int) bool {
	if n == nil {
		return false
	}
	return fset.Position(n.Pos()).Line <= line && line <= fset.Position(n.End()).Line
}

func (d *diag) isFocus(file string) bool {
	for _, f := range d.codeFiles() {
		if filepath.Clean(f) == filepath.Clean(file) {
			return true
		}
	}
	return false
}

// atomicNote says which side of a race is atomic: "atomic (sync/atomic.AddInt32)".
func atomicNote(fn string) string { return "atomic (" + fn + ")" }

// atomicSide reports whether a race's location is its atomic side (see atomicNote).
func atomicSide(l Location) bool { return strings.HasPrefix(l.Note, "atomic (") }

// atomicSites finds, in the learner's files, the calls of the atomic function fn (such as
// sync/atomic.AddInt32) on the variable that the racing plain line also uses.
func (d *diag) atomicSites(fn, plain string, role Role) []Location {
	call := "atomic." + fn[strings.LastIndexByte(fn, '.')+1:] + "("
	names := map[string]bool{}
	for _, o := range operands(plain) {
		names[lastName(o)] = true
	}
	var out []Location
	d.focusLines(func(file string, n int, l string) {
		if !strings.Contains(l, call) || strings.HasPrefix(l, "//") {
			return
		}
		for _, o := range operands(l[strings.Index(l, call)+len(call):]) {
			if names[lastName(o)] {
				loc := d.src.at(file, n, role)
				loc.Function = d.src.funcName(file, n)
				loc.Note = atomicNote(fn)
				out = append(out, loc)
				return
			}
		}
	})
	if len(out) > 2 {
		return nil // too many to say which
	}
	return out
}

// madeIn names where the package function fn makes the channel it returns, when a goroutine is
// blocked on that channel outside fn (often in the test): whether anything in fn sends on it or
// closes it, and the goroutine fn starts that should. Nothing when fn is not the package's or
// makes no channel.
func (d *diag) madeIn(fn, state string) []Location {
	decl, ok := d.src.declarations().function(fn)
	if !ok {
		return nil // not a function of the package
	}
	fset, f := d.src.parse(decl.file)
	if f == nil {
		return nil
	}
	var body *ast.BlockStmt
	for _, x := range f.Decls {
		if fd, ok := x.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == fn && fd.Body != nil {
			body = fd.Body
		}
	}
	if body == nil {
		return nil
	}
	var makes, starts []int
	sends, closes := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && len(x.Args) > 0 {
				if _, isChan := x.Args[0].(*ast.ChanType); isChan && id.Name == "make" {
					makes = append(makes, fset.Position(x.Pos()).Line)
				}
				if id.Name == "close" {
					closes = true
				}
			}
		case *ast.SendStmt:
			sends = true
		case *ast.GoStmt:
			starts = append(starts, fset.Position(x.Pos()).Line)
		}
		return true
	})
	if len(makes) != 1 {
		return nil // none, or more than one: which is it?
	}
	var out []Location
	note := "the channel is made here, in " + fn
	switch {
	case !sends && !closes:
		note += ": nothing sends on it or closes it"
	case !closes && strings.HasPrefix(state, "chan receive"):
		note += ": nothing closes it, so a range over it never ends"
	default:
		return nil
	}
	out = append(out, d.causeAt(decl.file, makes[0], note))
	for _, l := range starts {
		out = append(out, d.causeAt(decl.file, l, "this goroutine should close the channel when it is done"))
	}
	return out
}

// selectCauses looks at the cases of a select that waits forever, at file:line: a ctx.Done()
// case whose context the package derived from context.Background() inside a function that was
// given a context (so the caller's cancel never reaches it), and channels that nothing in the
// package closes or sends on (with the type's Close or Stop method that should close them).
func (d *diag) selectCauses(file string, line int) []Location {
	fset, f := d.src.parse(file)
	if f == nil {
		return nil
	}
	var recvs []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectStmt)
		if !ok || fset.Position(sel.Pos()).Line != line {
			return true
		}
		for _, c := range sel.Body.List {
			if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
				ast.Inspect(cc.Comm, func(n ast.Node) bool {
					if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
						recvs = append(recvs, u.X)
						return false
					}
					return true
				})
			}
		}
		return false
	})
	var out []Location
	for _, x := range recvs {
		switch v := x.(type) {
		case *ast.CallExpr:
			if sel, ok := v.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
				out = append(out, d.backgroundContexts()...)
			}
		case *ast.SelectorExpr, *ast.Ident:
			name := lastName(types(x))
			if name == "" || name == "C" || d.sentOrClosed(name) { // C: a timer's or ticker's channel
				continue
			}
			out = append(out, d.closersMissing(name)...)
			makeRE := regexp.MustCompile(fmt.Sprintf(makeChanT, regexp.QuoteMeta(name)))
			d.focusLines(func(f string, n int, l string) {
				if makeRE.MatchString(l) {
					out = append(out, d.causeAt(f, n, name+" is made here; nothing closes it or sends on it"))
				}
			})
		}
	}
	return out
}

// types prints a selector or identifier expression: "c.stop".
func types(x ast.Expr) string {
	switch v := x.(type) {
	case *ast.Ident:
		return v.Name
	case *ast.SelectorExpr:
		if p := types(v.X); p != "" {
			return p + "." + v.Sel.Name
		}
	}
	return ""
}

// sentOrClosed reports whether a line of the learner's files closes a channel named name or
// sends on it.
func (d *diag) sentOrClosed(name string) bool {
	found := false
	d.focusLines(func(f string, n int, l string) {
		if m := closeRE.FindStringSubmatch(l); m != nil && lastName(m[1]) == name {
			found = true
		}
		if m := sendRE.FindStringSubmatch(l); m != nil && lastName(m[1]) == name {
			found = true
		}
	})
	return found
}

// closersMissing names the package's Close, Stop and Shutdown methods: none closes the channel
// name, which a goroutine waits on forever.
func (d *diag) closersMissing(name string) []Location {
	var out []Location
	for _, m := range d.src.declarations() {
		if m.recv != "" && (m.name == "Close" || m.name == "Stop" || m.name == "Shutdown") {
			l := d.causeAt(m.file, m.line, m.name+" does not close "+name+", which a goroutine waits on to stop")
			l.Function = m.function
			out = append(out, l)
		}
	}
	return out
}

var backgroundRE = regexp.MustCompile(`context\.With\w+\(context\.(Background|TODO)\(\)`)

// backgroundContexts are the lines of the learner's files that derive a context from
// context.Background() (or TODO) inside a function that was given a context to derive from.
func (d *diag) backgroundContexts() []Location {
	var out []Location
	for _, file := range d.codeFiles() {
		fset, f := d.src.parse(file)
		if f == nil {
			continue
		}
		for _, x := range f.Decls {
			fd, ok := x.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			param := ""
			for _, p := range fd.Type.Params.List {
				if sel, ok := p.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Context" && len(p.Names) > 0 {
					param = p.Names[0].Name
				}
			}
			if param == "" {
				continue
			}
			from, to := fset.Position(fd.Body.Pos()).Line, fset.Position(fd.Body.End()).Line
			ls := d.src.fileLines(file)
			for n := from; n <= to && n <= len(ls); n++ {
				if m := backgroundRE.FindStringSubmatch(ls[n-1]); m != nil {
					out = append(out, d.causeAt(file, n, "derived from context."+m[1]+"(), not from "+param+": cancelling the caller never reaches it"))
				}
			}
		}
	}
	return out
}

// weakCause reports a cause that only says where a thing is made or counted: a place to look,
// listed after what the goroutines show. The others (a lock held, a return holding it, a
// channel nobody closes, a context cut from its parent, ...) point at the fix and go first.
func weakCause(l Location) bool {
	return l.Role == RoleCause && (strings.HasSuffix(l.Note, " is made here") ||
		strings.Contains(l.Note, " is made here:") || strings.Contains(l.Note, " is made here;") ||
		strings.HasPrefix(l.Note, "counted here"))
}

// causesFirst orders a finding's locations: the strong causes, then what the goroutines show,
// then the weak causes. Where no location but the causes is in the package's code, every cause
// goes first: it is the only line of the code to look at.
func (d *diag) causesFirst(shown, causes []Location) []Location {
	var strong, weak []Location
	for _, c := range causes {
		if weakCause(c) {
			weak = append(weak, c)
		} else {
			strong = append(strong, c)
		}
	}
	inCode := slices.ContainsFunc(shown, func(l Location) bool { return !strings.HasSuffix(l.File, "_test.go") })
	if !inCode {
		strong, weak = append(strong, weak...), nil
	}
	return appendNew(appendNew(appendNew([]Location{}, strong...), shown...), weak...)
}
