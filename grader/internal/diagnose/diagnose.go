package diagnose

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gokatas/grader/internal/testevent"
	"gokatas/grader/internal/trace"
	"gokatas/grader/internal/verdict"
)

// Build diagnoses a package whose test binary did not build, from the compiler's lines for it;
// a relative file name in them is relative to moduleRoot.
func Build(src *Source, moduleRoot string, output []string) []Finding {
	errs := trace.ParseCompileErrors(output)
	f := Finding{Kind: verdict.BuildError, Advice: "Fix the compile error first: the tests cannot run until the package builds."}
	for _, e := range errs {
		if e.File == "" {
			if f.Message == "" {
				f.Message = e.Message
			}
			continue
		}
		abs := e.File
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(moduleRoot, abs)
		}
		f.Locations = append(f.Locations, src.at(abs, e.Line, RoleFailed))
		if f.Message == "" {
			f.Message = e.Message
		}
	}
	f.Summary = "does not compile"
	if f.Message != "" {
		f.Summary += ": " + f.Message
	}
	if f.Locations == nil {
		f.Locations = []Location{}
	}
	return src.keepReal([]Finding{f})
}

// Process is how a test process ended.
type Process struct {
	ExitCode int
	Killed   bool // still alive after its deadline, and stopped
}

// Passed reports whether the process exited 0 on its own.
func (p Process) Passed() bool { return p.ExitCode == 0 && !p.Killed }

// Run diagnoses one run of a test binary: how its process ended, its events, and the deadline
// it had.
func Run(src *Source, run Process, exec *testevent.Execution, timeout time.Duration) []Finding {
	text := exec.Text()
	d := &diag{src: src, exec: exec}

	d.races(text)
	timedOut, _ := trace.TimedOut(text)
	d.panics(text, timedOut || run.Killed)
	if timedOut || run.Killed {
		d.timeout(text, timeout, run.Killed && !timedOut)
	}
	d.leaks(text)
	d.assertions()
	if len(d.out) == 0 && !run.Passed() {
		d.exited(text, run.ExitCode)
	}
	if len(d.out) == 0 && !run.Passed() {
		d.out = append(d.out, Finding{
			Kind:      verdict.Fail,
			Summary:   fmt.Sprintf("the tests failed (exit status %d) without a message the grader recognises", run.ExitCode),
			Message:   lastLines(text, 15),
			Locations: []Location{},
		})
	}
	return src.keepReal(d.out)
}

// Skipped explains a run that passed because every test was skipped: the package cannot be
// graded on this system, and the tests' own skip messages say why.
func Skipped(exec *testevent.Execution) []Finding {
	var why []string
	for _, t := range exec.Tests {
		for _, l := range t.Output {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
				continue
			}
			if _, msg, ok := strings.Cut(l, ": "); ok && strings.Contains(l, ".go:") {
				l = msg
			}
			if !slices.Contains(why, l) {
				why = append(why, l)
			}
		}
	}
	return []Finding{{
		Kind:      verdict.NotGradable,
		Summary:   "every test was skipped: this cannot be graded on this system",
		Message:   strings.Join(why, "\n"),
		Advice:    "A package whose tests were all skipped proves nothing. Grade it on a system where its tests run (the skip messages say which).",
		Locations: []Location{},
	}}
}

type diag struct {
	src  *Source
	exec *testevent.Execution
	out  []Finding
}

// testOf returns the test whose output contains needle, or "".
func (d *diag) testOf(needle string) string {
	for _, t := range d.exec.Tests {
		for _, l := range t.Output {
			if strings.Contains(l, needle) {
				return t.Name
			}
		}
	}
	return ""
}

func (d *diag) races(text string) {
	seen := map[string]bool{}
	first := len(d.out)
	// A report that places both accesses explains the race better than one whose other side
	// the race detector cut short (Go 1.27 may give a map read only runtime frames): it goes
	// first, whatever order the reports came in.
	defer func() {
		slices.SortStableFunc(d.out[first:], func(a, b Finding) int { return accessesPlaced(b) - accessesPlaced(a) })
	}()
	for _, r := range trace.ParseRaces(text) {
		f := Finding{Kind: verdict.Race, Test: d.testOf("WARNING: DATA RACE"), Locations: []Location{}}
		var lines []string
		var callers []Location
		onMap := false
		// Writes first, as a person reads a race: who wrote, then who else touched it.
		slices.SortStableFunc(r.Accesses, func(a, b trace.Access) int {
			switch {
			case a.Write && !b.Write:
				return -1
			case b.Write && !a.Write:
				return 1
			}
			return 0
		})
		var unplaced []string // atomic accesses with no frame of the user's (an inlined method value)
		var unseen []Role     // other accesses with no frame of the user's (a stack cut short)
		for _, a := range r.Accesses {
			role := RoleRead
			if a.Write {
				role = RoleWrite
			}
			atomicFn := ""
			if len(a.Frames) > 0 && strings.HasPrefix(a.Frames[0].Func, "sync/atomic.") {
				atomicFn = a.Frames[0].Func
			}
			fr := d.src.pick(a.Frames)
			if fr == nil {
				if atomicFn != "" {
					unplaced = append(unplaced, string(role)+" "+atomicFn)
				} else {
					unseen = append(unseen, role)
				}
				continue
			}
			if len(a.Frames) > 0 && a.Frames[0].IsStd() && strings.Contains(strings.ToLower(a.Frames[0].Func), "map") {
				onMap = true
			}
			l := d.src.loc(fr, role)
			if atomicFn != "" {
				l.Note = atomicNote(atomicFn)
			}
			f.Locations = append(f.Locations, l)
			lines = append(lines, d.src.line(fr.File, fr.Line))
			callers = append(callers, d.callerOf(a.Frames, fr, role)...)
		}
		// Half a race is no explanation: when the atomic side has no frame of its own, find the
		// atomic call on the same variable in the learner's files.
		if len(unplaced) == 1 && len(lines) == 1 {
			role, fn, _ := strings.Cut(unplaced[0], " ")
			if at := d.atomicSites(fn, lines[0], Role(role)); len(at) > 0 {
				f.Locations = append(at, f.Locations...)
				lines = append([]string{d.src.line(d.src.absOf(at[0].File), at[0].Line)}, lines...)
				unplaced = nil
			}
		}
		for _, a := range r.Accesses {
			cs := r.Created[a.Goroutine]
			if len(cs) > 0 && cs[0].Func == "testing.(*T).Run" {
				continue // a test's own goroutine: started by the testing package, not by the user
			}
			if created := d.src.pick(cs); created != nil && a.Goroutine != 0 {
				l := d.src.loc(created, RoleStarted)
				if d.src.pick(a.Frames) == nil && !slices.ContainsFunc(f.Locations, atomicSide) {
					// This side has no frame of the user's (the race detector's annotation of a
					// sync primitive, such as a WaitGroup's Add racing with its Wait): the
					// goroutine's start is the only line of the user's for it, and goes first.
					l.Note = "its side of the race has no stack of its own"
					f.Locations = appendNew([]Location{l}, f.Locations...)
					unseen = nil // said by the note
					continue
				}
				if !slices.Contains(f.Locations, l) {
					f.Locations = append(f.Locations, l)
				}
			}
		}
		name := ""
		inside := ""
		if len(r.Accesses) == 2 {
			inside = d.stdValue(r.Accesses[0].Frames)
			if inside != d.stdValue(r.Accesses[1].Frames) {
				inside = ""
			}
		}
		if len(lines) == 2 && inside == "" {
			// The lines' shared operand is the variable, unless both sides are inside methods of
			// one standard-library type: then the memory is that value's, and a token the two
			// calls happen to share (an err, a name) would be a guess.
			name = sharedName(lines[0], lines[1])
		}
		f.Locations = appendNew(f.Locations, callers...)
		// One finding per variable and set of lines: a read/write and a write/write race on the
		// same statement are one bug.
		var places []string
		for _, l := range f.Locations {
			places = append(places, fmt.Sprintf("%s:%d", l.File, l.Line))
		}
		slices.Sort(places)
		key := name + "|" + strings.Join(slices.Compact(places), ",")
		if seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case inside != "" && !onMap:
			f.Summary = "data race inside a " + inside
		case name != "" && onMap:
			f.Summary = "data race on map " + name
		case name != "":
			f.Summary = "data race on " + name
		case onMap:
			f.Summary = "data race on a map"
		default:
			f.Summary = "data race"
		}
		f.Summary += accessesSummary(f.Locations)
		if len(unseen) == 1 && accessesPlaced(f) > 0 {
			// Say less, not nothing: the other access happened, its stack names no code of the
			// learner's.
			f.Summary += fmt.Sprintf(", and a %s whose stack the race detector cut short", unseen[0])
		}
		for _, u := range unplaced {
			role, fn, _ := strings.Cut(u, " ")
			f.Summary += fmt.Sprintf(", atomic %s by %s in another goroutine", role, fn)
		}
		f.Advice = "Two goroutines touch the same memory and at least one writes, with nothing ordering them. " +
			"Guard it with a sync.Mutex, use sync/atomic, or hand it over a channel so one goroutine owns it at a time."
		if len(unplaced) > 0 || slices.ContainsFunc(f.Locations, atomicSide) {
			f.Advice = "One side is atomic and the other is not: mixing atomic and plain accesses to one variable is a race. " +
				"Once any access is atomic, every access must be (atomic.Load for reads), or use a typed atomic such as atomic.Int32, which has no plain access at all."
		}
		d.out = append(d.out, f)
	}
}

// stdValue names the standard-library type whose method made an access ("bytes.Buffer" for
// bytes.(*Buffer).WriteString, or for bytes.growSlice called by it): the innermost method of a
// standard package on the stack below the learner's code; "" when the learner's own code (or
// no method) touched the memory.
func (d *diag) stdValue(frames []trace.Frame) string {
	root := d.src.moduleRoot()
	for _, fr := range frames {
		if d.src.own(fr) || d.src.focus(fr) || (root != "" && strings.HasPrefix(filepath.Clean(fr.File), root+string(filepath.Separator))) {
			return "" // the learner's code, in this package or another of the module
		}
		pkg := fr.Package()
		if pkg == "runtime" || strings.HasPrefix(pkg, "runtime/") || strings.HasPrefix(pkg, "internal/") || pkg == "sync/atomic" {
			continue
		}
		if !fr.IsStd() {
			return ""
		}
		recv, _, ok := strings.Cut(strings.TrimPrefix(fr.Func, pkg+"."), ".")
		if !ok || !strings.HasPrefix(recv, "(") {
			continue // a helper function (bytes.growSlice), a wrapper (io.WriteString)
		}
		return path.Base(pkg) + "." + strings.Trim(recv, "(*)")
	}
	return ""
}

// callerOf returns, when the access at fr is in a helper of the learner's file called from
// another line of it, that calling line: the helper is often shared, the call is what races.
func (d *diag) callerOf(frames []trace.Frame, fr *trace.Frame, role Role) []Location {
	for i := range frames {
		if &frames[i] == fr && i+1 < len(frames) && d.src.focus(*fr) && d.src.focus(frames[i+1]) {
			l := d.src.loc(&frames[i+1], role)
			l.Note = "through " + fr.ShortFunc() + ", called here"
			return []Location{l}
		}
	}
	return nil
}

// accessesPlaced is how many of a race finding's locations are accesses (a read or a write).
func accessesPlaced(f Finding) int {
	n := 0
	for _, l := range f.Locations {
		if l.Role == RoleRead || l.Role == RoleWrite {
			n++
		}
	}
	return n
}

// accessesSummary says ": write at kata.go:14 in Inc, read at kata.go:21 in Value".
func accessesSummary(locs []Location) string {
	var parts []string
	mixed := slices.ContainsFunc(locs, atomicSide)
	for _, l := range locs {
		if l.Role != RoleRead && l.Role != RoleWrite {
			continue
		}
		what := l.Role
		switch {
		case atomicSide(l):
			what = "atomic " + l.Role
		case mixed:
			what = "plain " + l.Role
		}
		parts = append(parts, fmt.Sprintf("%s at %s:%d in %s", what, filepath.Base(l.File), l.Line, l.Function))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

const (
	bubbleDeadlock = "deadlock: all goroutines in bubble are blocked"
	bubbleLeak     = "deadlock: main bubble goroutine has exited but blocked goroutines remain"
	asleep         = "all goroutines are asleep - deadlock!"
)

func (d *diag) panics(text string, timedOut bool) {
	for _, p := range trace.ParsePanics(text) {
		switch {
		case strings.HasPrefix(p.Message, "test timed out"):
			continue
		case strings.HasPrefix(p.Message, bubbleDeadlock), strings.HasPrefix(p.Message, asleep):
			d.blocked(trace.ParseGoroutines(text), verdict.Deadlock, "all goroutines of the test are blocked (testing/synctest found the deadlock at once)", d.testOf(p.Message))
			return
		case strings.HasPrefix(p.Message, bubbleLeak):
			d.blocked(trace.ParseGoroutines(text), verdict.Leak, "the test returned but goroutines it started are still blocked", d.testOf(p.Message))
			return
		}
		if timedOut && strings.Contains(p.Message, "SIGQUIT") {
			continue
		}
		if p.Fatal && strings.HasPrefix(p.Message, "concurrent map ") {
			d.mapFatal(p, text)
			return
		}
		f := Finding{Kind: verdict.Panic, Test: d.testOf("panic: " + p.Message), Message: p.Message, Locations: []Location{}}
		if p.Fatal {
			f.Test = d.testOf("fatal error: " + p.Message)
			f.Summary = "fatal error: " + p.Message
		} else {
			f.Summary = "panic: " + p.Message
		}
		if p.Goroutine != nil {
			if fr := d.src.pick(p.Goroutine.Frames); fr != nil {
				f.Locations = append(f.Locations, d.src.loc(fr, RolePanicked))
				if strings.Contains(p.Message, "closed channel") {
					f.Locations = appendNew(f.Locations, d.closeSites(fr.File, fr.Line)...)
				}
			}
		}
		f.Advice = panicAdvice(p.Message)
		d.out = append(d.out, f)
		return // the first panic is the cause; the rest are its echoes
	}
}

func panicAdvice(msg string) string {
	switch {
	case strings.Contains(msg, "close of closed channel"):
		return "A channel was closed twice. Close a channel exactly once, from the sending side, after the last send (with several senders: one closer after a WaitGroup)."
	case strings.Contains(msg, "send on closed channel"):
		return "A value was sent on a channel that was already closed. Only the sender should close a channel, and only after its last send."
	case strings.Contains(msg, "close of nil channel"):
		return "A nil channel was closed: make the channel with make(chan T) before using it."
	case strings.Contains(msg, "assignment to entry in nil map"):
		return "A nil map was written: make the map with make(map[K]V) first."
	case strings.Contains(msg, "negative WaitGroup counter"):
		return "Done was called more times than Add: call Done exactly once per Add (defer wg.Done() right at the start of the goroutine)."
	case strings.Contains(msg, "unlock of unlocked"):
		return "A mutex was unlocked that was not locked: unlock exactly once what you locked (defer mu.Unlock() right after Lock)."
	case strings.Contains(msg, "nil pointer dereference"):
		return "A nil pointer was used: is something read before the goroutine that sets it has run?"
	}
	return "Read the panic's message and the marked line: that is where the program gave up."
}

func (d *diag) timeout(text string, timeout time.Duration, killed bool) {
	gs := trace.ParseGoroutines(text)
	test := ""
	if rs := d.exec.Running(); len(rs) > 0 {
		test = rs[len(rs)-1].Name
	}
	var running []trace.Goroutine
	for _, g := range d.ownGoroutines(gs) {
		if !trace.Blocked(g.State) {
			running = append(running, g)
		}
	}
	// A goroutine busy on another thread when the dump was taken shows no stack at all
	// ("goroutine running on other thread; stack unavailable"): it is running all the same.
	unseen := 0
	for _, g := range gs {
		if len(g.Frames) == 0 && trace.Running(g.State) {
			unseen++
		}
	}
	if len(running) == 0 && unseen == 0 && len(d.ownGoroutines(gs)) > 0 {
		if l, what, ok := d.waitingOnTime(d.ownGoroutines(gs)); ok {
			d.out = append(d.out, Finding{
				Kind:      verdict.Hang,
				Test:      test,
				Summary:   fmt.Sprintf("the test did not finish within %s: it was still waiting on a timer (%s in %s)", timeout, what, l.Function),
				Pattern:   "waiting on time, not blocked forever: a timer had not fired yet when the deadline hit",
				Advice:    "If the wait is meant to be that long, run again with a longer --timeout. If not, shorten it, or test it inside testing/synctest, where time is fake and a minute passes at once.",
				Locations: []Location{l},
			})
			return
		}
		d.blocked(gs, verdict.Deadlock, fmt.Sprintf("the test did not finish within %s: its goroutines are blocked forever", timeout), test)
		return
	}
	f := Finding{Kind: verdict.Hang, Test: test, Locations: []Location{}}
	f.Summary = fmt.Sprintf("the test did not finish within %s", timeout)
	if killed {
		f.Summary += " and had to be killed"
	}
	for _, g := range running {
		if fr := d.src.pick(g.Frames); fr != nil {
			l := d.src.loc(fr, RoleBlocked)
			l.State = g.State
			f.Locations = append(f.Locations, l)
		}
	}
	if len(f.Locations) == 0 && test != "" && unseen > 0 {
		if l, ok := d.testDecl(test); ok {
			l.State = "running"
			f.Locations = append(f.Locations, l)
		}
	}
	if n := len(running) + unseen; n > 0 {
		f.Summary += fmt.Sprintf(": %d goroutine(s) still running", n)
		f.Advice = "A goroutine keeps running instead of waiting: a busy loop spinning on a flag? Wait on a channel or a sync primitive instead."
	} else {
		f.Advice = "Nothing in the package's own code was found running or blocked: the test may be waiting on I/O or on time."
	}
	d.out = append(d.out, f)
}

// ownGoroutines keeps the goroutines with at least one frame in the package, minus the
// testing package's alarm.
func (d *diag) ownGoroutines(gs []trace.Goroutine) []trace.Goroutine {
	var out []trace.Goroutine
	for _, g := range gs {
		harness := false // the alarm, or the main goroutine waiting in TestMain for the tests
		for _, f := range g.Frames {
			if strings.HasPrefix(f.Func, "testing.(*M).") {
				harness = true
			}
		}
		if !harness && d.src.top(g.Frames) != nil {
			out = append(out, g)
		}
	}
	return out
}

// blocked reports the goroutines of a deadlock or of a synctest leak.
func (d *diag) blocked(gs []trace.Goroutine, kind verdict.Verdict, summary, test string) {
	own := d.ownGoroutines(gs)
	var stuck []trace.Goroutine
	for _, g := range own {
		if trace.Blocked(g.State) {
			stuck = append(stuck, g)
		}
	}
	// The package's code first, its tests after: the bug is more likely in the code.
	inTest := func(g trace.Goroutine) bool {
		fr := d.src.pick(g.Frames)
		return fr == nil || strings.HasSuffix(fr.File, "_test.go")
	}
	slices.SortStableFunc(stuck, func(a, b trace.Goroutine) int {
		switch ta, tb := inTest(a), inTest(b); {
		case !ta && tb:
			return -1
		case ta && !tb:
			return 1
		}
		return 0
	})
	f := Finding{Kind: kind, Test: test, Summary: summary, Locations: []Location{}}
	var causes []Location
	for _, g := range stuck {
		if fr := d.src.pick(g.Frames); fr != nil {
			l := d.src.loc(fr, RoleBlocked)
			if kind == verdict.Leak {
				l.Role = RoleLeaked
			}
			l.State = g.State
			if !slices.Contains(f.Locations, l) {
				f.Locations = append(f.Locations, l)
			}
			causes = append(causes, d.causes(g.State, fr.File, fr.Line)...)
		}
		if g.CreatedBy != nil && d.src.own(*g.CreatedBy) {
			l := d.src.loc(g.CreatedBy, RoleStarted)
			if !slices.Contains(f.Locations, l) {
				f.Locations = append(f.Locations, l)
			}
		}
	}
	causes = append(d.lockHolders(stuck), causes...)
	// The likely cause first: it is where the fix goes; the blocked lines show the symptom.
	f.Locations = d.causesFirst(f.Locations, causes)
	f.Pattern, f.Advice = d.pattern(stuck, kind)
	d.out = append(d.out, f)
}

// appendNew appends the locations not yet in locs (by file and line).
func appendNew(locs []Location, more ...Location) []Location {
	for _, m := range more {
		if !slices.ContainsFunc(locs, func(l Location) bool { return l.File == m.File && l.Line == m.Line }) {
			locs = append(locs, m)
		}
	}
	return locs
}

func (d *diag) leaks(text string) {
	gs := trace.ParseLeaks(text)
	if len(gs) == 0 {
		return
	}
	test := d.testOf("found unexpected goroutines")
	f := Finding{Kind: verdict.Leak, Test: test, Locations: []Location{}}
	var causes []Location
	n := 0
	for _, g := range gs {
		fr := d.src.pick(g.Frames)
		if fr == nil && (g.CreatedBy == nil || !d.src.own(*g.CreatedBy)) {
			continue // not the package's goroutine
		}
		n++
		if fr != nil {
			l := d.src.loc(fr, RoleLeaked)
			l.State = g.State
			if !slices.Contains(f.Locations, l) {
				f.Locations = append(f.Locations, l)
			}
			causes = append(causes, d.causes(g.State, fr.File, fr.Line)...)
		}
		if g.CreatedBy != nil && d.src.pick([]trace.Frame{*g.CreatedBy}) != nil {
			l := d.src.loc(g.CreatedBy, RoleStarted)
			if !slices.Contains(f.Locations, l) {
				f.Locations = append(f.Locations, l)
			}
		}
	}
	if n == 0 {
		n = len(gs)
	}
	f.Summary = fmt.Sprintf("goroutine leak: %d goroutine(s) still running after the test", n)
	if len(gs) > 0 {
		f.Summary = fmt.Sprintf("goroutine leak: %d goroutine(s) left behind, blocked in %s", n, gs[0].State)
	}
	f.Locations = d.causesFirst(f.Locations, causes)
	f.Pattern, f.Advice = d.pattern(gs, verdict.Leak)
	d.out = append(d.out, f)
}

// noise are failure messages that other findings already explain.
var noise = []string{"race detected during execution of test", "found unexpected goroutines", "test timed out"}

func (d *diag) assertions() {
	// A test cut short (by a panic, a synctest deadlock, the deadline) never reports its
	// failure, but what it asserted before is in its output all the same.
	for _, t := range append(d.exec.Failed(), d.exec.Running()...) {
		for _, fl := range trace.ParseFailures(t.Output) {
			isNoise := func(s string) bool {
				return slices.ContainsFunc(noise, func(n string) bool { return strings.Contains(s, n) })
			}
			if isNoise(fl.Message) {
				// An assertion on another finding's report (assert.NoError(t, goleak.Find(), "...")):
				// keep the test's own words, which name the mistake; the report is its own finding.
				first, _, _ := strings.Cut(fl.Message, "\n")
				if isNoise(first) {
					continue
				}
				fl.Message = first
			}
			f := Finding{Kind: verdict.Assertion, Test: t.Name, Message: fl.Message, Locations: []Location{}}
			first, _, _ := strings.Cut(fl.Message, "\n")
			f.Summary = fmt.Sprintf("%s failed: %s", t.Name, first)
			if abs := d.src.resolve(fl.File, fl.Line); abs != "" {
				l := d.src.at(abs, fl.Line, RoleFailed)
				own := d.src.own(framePath(abs))
				if own {
					l.Function = t.Name
				}
				f.Locations = append(f.Locations, l)
				switch {
				case own && strings.HasSuffix(abs, "_test.go"):
					// The assertion is in the test; the wrong result came from the code it called.
					f.Locations = append(f.Locations, d.src.codeUnderTest(abs, t.Name, fl.Line)...)
				case !own:
					// Reported from a helper of another package: the code under test is what
					// the test called.
					if decl, ok := d.testDecl(t.Name); ok {
						f.Locations = append(f.Locations, d.src.codeUnderTest(d.src.absOf(decl.File), t.Name, 1<<30)...)
					}
				}
			}
			f.Advice = "The code runs but gives a wrong result: compare what the test expected with what it got, then find where the results are produced."
			d.out = append(d.out, f)
		}
	}
}

// testDecl finds the declaration of a top-level test function in the package's test files.
func (d *diag) testDecl(test string) (Location, bool) {
	name, _, _ := strings.Cut(test, "/")
	files, _ := filepath.Glob(filepath.Join(d.src.PkgDir, "*_test.go"))
	for _, f := range files {
		for i, l := range d.src.fileLines(f) {
			if strings.HasPrefix(l, "func "+name+"(") {
				l := d.src.at(f, i+1, RoleBlocked)
				l.Function = name
				return l, true
			}
		}
	}
	return Location{}, false
}

func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
