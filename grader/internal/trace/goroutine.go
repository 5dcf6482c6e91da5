package trace

import (
	"regexp"
	"strconv"
	"strings"
)

// Goroutine is one goroutine of a dump.
type Goroutine struct {
	ID        int
	State     string // "chan send", "sync.Mutex.Lock", "chan receive (nil chan)", "running", ...
	Durable   bool   // blocked durably inside a synctest bubble
	Bubble    int    // synctest bubble id, 0 if none
	Frames    []Frame
	CreatedBy *Frame // where it was started; nil for the main goroutine
	CreatedIn int    // the goroutine that started it
}

// Top returns the first frame that satisfies keep, or nil.
func (g *Goroutine) Top(keep func(Frame) bool) *Frame {
	for i := range g.Frames {
		if keep(g.Frames[i]) {
			return &g.Frames[i]
		}
	}
	return nil
}

var goroutineRE = regexp.MustCompile(`^goroutine (\d+) (?:gp=\S+ m=\S+ mp=\S+ )?\[([^\]]*)\]:$`)

// ParseGoroutines returns every goroutine block found in text, in order.
func ParseGoroutines(text string) []Goroutine { return parseBlocks(text, goroutineRE) }

// parseBlocks reads every stack that follows a header matched by re, whose first two groups
// are the goroutine's id and its state.
func parseBlocks(text string, re *regexp.Regexp) []Goroutine {
	lines := splitLines(text)
	var out []Goroutine
	for i := 0; i < len(lines); i++ {
		m := re.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		id, _ := strconv.Atoi(m[1])
		g := Goroutine{ID: id}
		parseStatus(m[2], &g)
		var next int
		g.Frames, g.CreatedBy, g.CreatedIn, next = readStack(lines, i+1)
		out = append(out, g)
		i = next - 1
	}
	return out
}

// parseStatus reads "chan send (durable), 2 minutes, locked to thread, synctest bubble 1".
func parseStatus(s string, g *Goroutine) {
	parts := strings.Split(s, ", ")
	state := parts[0]
	if st, ok := strings.CutSuffix(state, " (durable)"); ok {
		state, g.Durable = st, true
	}
	g.State = state
	for _, p := range parts[1:] {
		if b, ok := strings.CutPrefix(p, "synctest bubble "); ok {
			g.Bubble, _ = strconv.Atoi(b)
		}
	}
}

// Blocked reports whether the state is a wait on a channel, select or sync primitive: a goroutine
// that only another goroutine can wake.
func Blocked(state string) bool {
	switch {
	case strings.HasPrefix(state, "chan "), strings.HasPrefix(state, "select"),
		strings.HasPrefix(state, "sync."), state == "semacquire", state == "sync.Cond.Wait":
		return true
	}
	return false
}

// Running reports whether the state is a goroutine on or ready for a CPU.
func Running(state string) bool {
	return state == "running" || state == "runnable" || strings.HasPrefix(state, "running") || state == "preempted"
}

var timeoutRE = regexp.MustCompile(`(?m)^panic: test timed out after (\S+)`)

// TimedOut reports whether the text holds a test timeout panic, and the timeout it names.
func TimedOut(text string) (bool, string) {
	m := timeoutRE.FindStringSubmatch(text)
	if m == nil {
		return false, ""
	}
	return true, m[1]
}
