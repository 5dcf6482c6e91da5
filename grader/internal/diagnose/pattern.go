package diagnose

import (
	"fmt"
	"strings"

	"gokatas/grader/internal/trace"
	"gokatas/grader/internal/verdict"
)

// emptySelect is the state of a goroutine in select {}.
const emptySelect = "select (no cases)"

// pattern names the bug behind a set of blocked goroutines, when it is a recognisable one, and
// gives one sentence of advice.
func (d *diag) pattern(gs []trace.Goroutine, kind verdict.Verdict) (pattern, advice string) {
	count := map[string]int{}
	for _, g := range gs {
		count[g.State]++
	}
	has := func(prefix string) bool {
		for s := range count {
			// An empty select {} waits on no channel at all: it is not a "select".
			if strings.HasPrefix(s, prefix) && !(prefix == "select" && s == emptySelect) {
				return true
			}
		}
		return false
	}
	if has("chan send (nil chan)") || has("chan receive (nil chan)") {
		return "an operation on a nil channel: it blocks forever",
			"The channel was never made: create it with make(chan T) before anyone sends or receives on it."
	}
	if has("sync.RWMutex.RLock") && has("sync.RWMutex.Lock") {
		return "a read lock re-taken while a writer waits (RWMutex read-write-read)",
			"A goroutine that already holds RLock must not take RLock again: a waiting writer blocks new readers. Take the lock once and call lock-free helpers under it."
	}
	if g, ok := recursiveOnce(gs); ok {
		fr := d.src.top(g.Frames)
		where := ""
		if fr != nil {
			where = " (in " + fr.ShortFunc() + ")"
		}
		return "sync.Once.Do called from inside its own function" + where + ": the inner Do waits for the outer one to finish",
			"Once.Do holds its lock while its function runs, so a Do on the same Once from inside that function waits for itself. Do the work the function needs without going back through Do (a helper that reads the fields directly)."
	}
	if g, ok := d.doubleLock(gs); ok {
		fr := d.src.top(g.Frames)
		return "a lock taken twice by one goroutine (in " + fr.ShortFunc() + "): sync.Mutex is not re-entrant",
			"The goroutine already holds this lock when it asks for it again. Move the work into a helper that expects the lock to be held, and lock only in the exported method."
	}
	if d.lockOrder(gs) {
		return "two locks taken in opposite orders (AB-BA): each goroutine holds the lock the other waits for",
			"Always take several locks in one global order (for example by account ID), whatever the direction of the operation."
	}
	if has("sync.Mutex.Lock") || has("sync.RWMutex.Lock") || has("sync.RWMutex.RLock") {
		return "a lock that is never released: a path returns or blocks while holding it",
			"Find the path that keeps the lock: an early return without Unlock, or a blocking call made while holding it. `defer mu.Unlock()` right after Lock covers every return."
	}
	if has(emptySelect) {
		p := "a goroutine parked in an empty select {}: it can never wake up"
		if has("sync.WaitGroup.Wait") {
			p += ", so the wg.Wait() that waits for it never returns"
		}
		return p, "select {} blocks forever by design. If the goroutine must end (and something waits for it to), give it a case to stop on: a done channel or ctx.Done()."
	}
	if has("sync.WaitGroup.Wait") && (has("chan send") || has("select")) {
		return "wg.Wait() waits for goroutines that are blocked sending on a channel nobody drains yet",
			"Drain the channel while you wait: close it from a goroutine after wg.Wait(), and range over it in the caller."
	}
	if has("sync.WaitGroup.Wait") {
		return "a WaitGroup that never reaches zero",
			"Every Add needs exactly one Done on every path: `defer wg.Done()` at the top of the goroutine (or wg.Go), and never copy a WaitGroup (pass a pointer)."
	}
	if has("sync.Cond.Wait") {
		return "a sync.Cond.Wait that is never woken up",
			"A waiter missed its wake-up: Wait in a `for !condition` loop, and Broadcast when several goroutines wait or when the condition changes for all of them."
	}
	if has("chan send") && !has("chan receive") && !has("select") {
		if kind == verdict.Leak {
			return "a send nobody receives: the receiver went away",
				"Give the sender a way out: a buffered channel with room for every result, or a select on a done channel or ctx.Done()."
		}
		return "a send nobody receives",
			"An unbuffered send waits for a receiver: start the receiver first (in its own goroutine), or give the channel capacity for what is sent."
	}
	if has("chan receive") && !has("chan send") {
		if kind == verdict.Leak {
			return "a receive nobody sends to: the channel is never closed",
				"A goroutine ranging over a channel stops only when the channel is closed: close it from the sending side after the last send, or stop the goroutine with a done channel or context."
		}
		return "a receive nobody sends to",
			"Nothing will ever send on this channel or close it: check who is supposed to, and whether they return early."
	}
	if has("select") {
		if kind == verdict.Leak {
			return "a select that waits forever: none of its cases will ever be ready",
				"Give the goroutine a way to stop: a quit or done channel that the caller closes, or ctx.Done() as a case."
		}
		return "goroutines waiting in select with no case that can proceed",
			"Check which case was meant to fire, and who was meant to make it ready."
	}
	switch kind {
	case verdict.Leak:
		return "", "Every goroutine needs a way to finish: close what it ranges over, or give it a done channel or context to select on."
	case verdict.Deadlock:
		return "", "Every goroutine is waiting for another one: find who should have sent, closed, unlocked or called Done."
	}
	return "", ""
}

// lockWaiter returns the learner's frame where g waits for a sync.Mutex or a RWMutex's write
// lock, or nil when g waits for no lock.
func (d *diag) lockWaiter(g trace.Goroutine) *trace.Frame {
	if g.State != "sync.Mutex.Lock" && g.State != "sync.RWMutex.Lock" {
		return nil
	}
	return d.src.top(g.Frames)
}

// doubleLock finds a goroutine blocked on a lock that it already holds: an own frame (the
// blocked one or a caller) took a lock of the same name earlier and has not released it.
func (d *diag) doubleLock(gs []trace.Goroutine) (trace.Goroutine, bool) {
	for _, g := range gs {
		top := d.lockWaiter(g)
		if top == nil {
			continue
		}
		expr, _ := lockExpr(d.src.line(top.File, top.Line))
		if expr == "" {
			continue
		}
		// In the blocked function itself the same expression must have been locked; in its
		// callers, where the receiver may have another name, the same field.
		same := func(e string) bool { return e == expr }
		for i := range g.Frames {
			fr := &g.Frames[i]
			if !d.src.own(*fr) {
				continue
			}
			match := same
			if fr != top {
				// In a caller the receiver may have another name: the same field of the same type.
				match = func(e string) bool { return d.sameLock(fr, e, top, expr) }
			}
			if d.src.holds(fr.File, fr.Line, match) {
				return g, true
			}
		}
	}
	return trace.Goroutine{}, false
}

// lockOrder finds two goroutines each blocked on a lock while holding another one.
func (d *diag) lockOrder(gs []trace.Goroutine) bool {
	holders := 0
	for _, g := range gs {
		top := d.lockWaiter(g)
		if top == nil {
			continue
		}
		if d.holdsAny(top.File, top.Line) {
			holders++
		}
	}
	return holders >= 2
}

// holdsAny reports whether the function around line n took any lock before line n and kept it.
func (d *diag) holdsAny(file string, n int) bool {
	ls := d.src.fileLines(file)
	locks := 0
	for i := d.src.funcStart(file, n); i < n && i <= len(ls); i++ {
		l := strings.TrimSpace(ls[i-1])
		if e, _ := lockExpr(l); e != "" {
			locks++
		} else if strings.Contains(l, "Unlock()") && !strings.HasPrefix(l, "defer ") && locks > 0 {
			locks--
		}
	}
	return locks > 0
}

// lockHolders names, for each goroutine blocked on a lock, the line of its own code that holds
// another lock (or the same one) while it waits: the frame, the blocked one or a caller, whose
// function took a lock before that line and has not released it. That line is where the lock
// should have been let go, or not taken in that order.
func (d *diag) lockHolders(gs []trace.Goroutine) []Location {
	var out []Location
	for _, g := range gs {
		if g.State != "sync.Mutex.Lock" && g.State != "sync.RWMutex.Lock" && g.State != "sync.RWMutex.RLock" {
			continue
		}
		top := d.src.top(g.Frames)
		if top == nil {
			continue
		}
		want, _ := lockExpr(d.src.line(top.File, top.Line))
		for i := range g.Frames {
			fr := &g.Frames[i]
			if !d.src.own(*fr) || strings.HasSuffix(fr.File, "_test.go") {
				continue
			}
			held, at := d.heldLock(fr.File, fr.Line)
			if held == "" {
				continue
			}
			same := d.sameLock(fr, held, top, want)
			var note string
			switch {
			case fr == top && same:
				continue // re-locking in one function: the lock line itself is the finding
			case fr == top:
				// The blocked line is shown already: name where the lock it holds was taken.
				l := d.src.at(fr.File, at, RoleCause)
				l.Function = fr.ShortFunc()
				l.Note = fmt.Sprintf("locks %s here, and still holds it while it waits for %s at line %d", held, want, fr.Line)
				out = appendNew(out, l)
				break
			case same && g.State == "sync.RWMutex.RLock":
				note = "holds " + held + " here and calls " + g.Frames[i-1].ShortFunc() + ", which read-locks it again: a writer waiting in between blocks the second RLock"
			case same:
				note = "holds " + held + " here and calls " + g.Frames[i-1].ShortFunc() + ", which locks it again: sync.Mutex is not re-entrant"
			default:
				note = "holds " + held + " here while " + g.Frames[i-1].ShortFunc() + " waits for " + want
			}
			if note == "" {
				break
			}
			l := d.src.at(fr.File, fr.Line, RoleCause)
			l.Function = fr.ShortFunc()
			l.Note = note
			out = appendNew(out, l)
			break
		}
	}
	return out
}

// heldLock is the lock the function around line n took before line n and still holds there
// (a deferred unlock still holds it), and the line that took it; "" when none.
func (d *diag) heldLock(file string, n int) (string, int) {
	ls := d.src.fileLines(file)
	type taken struct {
		expr string
		line int
	}
	var held []taken
	for i := d.src.funcStart(file, n); i < n && i <= len(ls); i++ {
		l := strings.TrimSpace(ls[i-1])
		if strings.HasPrefix(l, "//") {
			continue
		}
		if e, _ := lockExpr(l); e != "" {
			held = append(held, taken{e, i})
		} else if e := unlockExpr(l); e != "" && !strings.HasPrefix(l, "defer ") {
			for j := len(held) - 1; j >= 0; j-- {
				if held[j].expr == e {
					held = append(held[:j], held[j+1:]...)
					break
				}
			}
		}
	}
	if len(held) == 0 {
		return "", 0
	}
	return held[len(held)-1].expr, held[len(held)-1].line
}

// recursiveOnce finds a goroutine blocked in a sync.Once whose stack already runs a Do of a
// Once: the function given to Do called Do again.
func recursiveOnce(gs []trace.Goroutine) (trace.Goroutine, bool) {
	for _, g := range gs {
		if g.State != "sync.Mutex.Lock" {
			continue
		}
		n := 0
		for _, f := range g.Frames {
			if f.Func == "sync.(*Once).doSlow" {
				n++
			}
		}
		if n >= 2 {
			return g, true
		}
	}
	return trace.Goroutine{}, false
}

// sameLock reports whether lock expression a, in the function of frame fa, and b, in the
// function of frame fb, are the same lock: the same expression in one function, or the same
// field of a receiver of the same type (c.mu in (*Cache).Get and cache.mu in (*Cache).Set). When
// it cannot tell, it says no.
func (d *diag) sameLock(fa *trace.Frame, a string, fb *trace.Frame, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if fa == fb || fa.Func == fb.Func {
		return a == b
	}
	ta, tb := d.lockOwner(fa, a), d.lockOwner(fb, b)
	return ta != "" && ta == tb && lastField(a) == lastField(b)
}

// lockOwner is the receiver type whose field the lock expression names ("Cache" for c.mu in a
// method of *Cache whose receiver is c), or "".
func (d *diag) lockOwner(fr *trace.Frame, expr string) string {
	recv, typ := d.src.receiver(fr.File, fr.Line)
	if base, _, ok := strings.Cut(expr, "."); ok && recv != "" && base == recv {
		return typ
	}
	return ""
}
