package diagnose

import (
	"strings"

	"gokatas/grader/internal/trace"
)

// emptySelect is the state of a goroutine in select {}.
const emptySelect = "select (no cases)"

// pattern names the bug behind a set of blocked goroutines, when it is a recognisable one, and
// gives one sentence of advice.
func (d *diag) pattern(gs []trace.Goroutine, kind string) (pattern, advice string) {
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
		if kind == Leak {
			return "a send nobody receives: the receiver went away",
				"Give the sender a way out: a buffered channel with room for every result, or a select on a done channel or ctx.Done()."
		}
		return "a send nobody receives",
			"An unbuffered send waits for a receiver: start the receiver first (in its own goroutine), or give the channel capacity for what is sent."
	}
	if has("chan receive") && !has("chan send") {
		if kind == Leak {
			return "a receive nobody sends to: the channel is never closed",
				"A goroutine ranging over a channel stops only when the channel is closed: close it from the sending side after the last send, or stop the goroutine with a done channel or context."
		}
		return "a receive nobody sends to",
			"Nothing will ever send on this channel or close it: check who is supposed to, and whether they return early."
	}
	if has("select") {
		if kind == Leak {
			return "a select that waits forever: none of its cases will ever be ready",
				"Give the goroutine a way to stop: a quit or done channel that the caller closes, or ctx.Done() as a case."
		}
		return "goroutines waiting in select with no case that can proceed",
			"Check which case was meant to fire, and who was meant to make it ready."
	}
	switch kind {
	case Leak:
		return "", "Every goroutine needs a way to finish: close what it ranges over, or give it a done channel or context to select on."
	case Deadlock:
		return "", "Every goroutine is waiting for another one: find who should have sent, closed, unlocked or called Done."
	}
	return "", ""
}

// doubleLock finds a goroutine blocked on a lock that it already holds: an own frame (the
// blocked one or a caller) took a lock of the same name earlier and has not released it.
func (d *diag) doubleLock(gs []trace.Goroutine) (trace.Goroutine, bool) {
	for _, g := range gs {
		if g.State != "sync.Mutex.Lock" && g.State != "sync.RWMutex.Lock" {
			continue
		}
		top := d.src.top(g.Frames)
		if top == nil {
			continue
		}
		expr, _ := lockExpr(d.src.line(top.File, top.Line))
		if expr == "" {
			continue
		}
		// In the blocked function itself the same expression must have been locked; in its
		// callers, where the receiver may have another name, the same field.
		field := lastField(expr)
		same := func(e string) bool { return e == expr }
		sameField := func(e string) bool { return lastField(e) == field }
		for i, fr := range g.Frames {
			if !d.src.own(fr) {
				continue
			}
			match := sameField
			if &g.Frames[i] == top {
				match = same
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
		if g.State != "sync.Mutex.Lock" && g.State != "sync.RWMutex.Lock" {
			continue
		}
		top := d.src.top(g.Frames)
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
