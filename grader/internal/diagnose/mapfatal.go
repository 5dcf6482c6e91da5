package diagnose

import (
	"regexp"
	"slices"
	"strings"

	"gokatas/grader/internal/trace"
	"gokatas/grader/internal/verdict"
)

// mapFatal explains the runtime's own map check ("fatal error: concurrent map writes",
// "concurrent map read and map write", "concurrent map iteration and map write"): a data race
// on a map that stopped the program. Under -race the runtime's check can fire before the race
// detector has reported, so the run has this and no race report; it is a race all the same.
func (d *diag) mapFatal(p trace.Panic, text string) {
	f := Finding{Kind: verdict.Race, Test: d.testOf("fatal error: " + p.Message), Message: p.Message, Locations: []Location{}}
	name := ""
	if p.Goroutine != nil {
		if fr := d.src.pick(p.Goroutine.Frames); fr != nil {
			role := RoleWrite
			if p.Message != "concurrent map writes" {
				role = RoleRead // the reader or the iterator is the one that notices the writer
			}
			f.Locations = append(f.Locations, d.src.loc(fr, role))
			name = mapOperand(d.src.line(fr.File, fr.Line))
		}
	}
	// The dump shows the other goroutines too: one that was inside a map operation, called from
	// the learner's code, is most likely the other side (the dump cannot say it is the same map).
	for _, g := range trace.ParseGoroutines(text) {
		if p.Goroutine != nil && g.ID == p.Goroutine.ID {
			continue
		}
		role, ok := mapOperation(g.Frames)
		if !ok {
			continue
		}
		if fr := d.src.pick(g.Frames); fr != nil {
			l := d.src.loc(fr, role)
			l.Note = "inside a map operation too when the program stopped"
			f.Locations = appendNew(f.Locations, l)
		}
	}
	f.Summary = "data race on a map"
	if name != "" {
		f.Summary = "data race on map " + name
	}
	f.Summary += accessesSummary(f.Locations) + " (the runtime stopped the program: " + p.Message + ")"
	f.Advice = "Two goroutines used one map at the same time and at least one of them wrote to it; Go's runtime checks for this and stops the program. " +
		"Guard every access to the map with one sync.Mutex (or sync.RWMutex), or let a single goroutine own it."
	d.out = append(d.out, f)
}

// mapOperation says whether a goroutine was inside the runtime's map code, called from code
// outside the runtime, and whether that operation writes.
func mapOperation(frames []trace.Frame) (role Role, ok bool) {
	for _, fr := range frames {
		inMap := strings.HasPrefix(fr.Func, "internal/runtime/maps.") || strings.HasPrefix(fr.Func, "runtime.map")
		if !inMap {
			if ok {
				return role, true
			}
			if !strings.HasPrefix(fr.Func, "runtime.") && !strings.HasPrefix(fr.Func, "internal/") {
				return "", false
			}
			continue
		}
		ok = true
		fn := strings.ToLower(fr.Func)
		if role == "" || role == RoleRead {
			role = RoleRead
			for _, w := range []string{"assign", "delete", "put", "clear", "grow", "split"} {
				if strings.Contains(fn, w) {
					role = RoleWrite
				}
			}
		}
	}
	return "", false
}

var mapOperandRE = regexp.MustCompile(`(?:\b(?:delete|clear)\(\s*|\brange\s+)([A-Za-z_][A-Za-z0-9_.]*)|([A-Za-z_][A-Za-z0-9_.]*)\[`)

// mapOperand names the map a line uses, when the line names only one candidate ("d.inFlight" in
// "delete(d.inFlight, id)" or "d.inFlight[id] = job"); "" when it names none or several.
func mapOperand(line string) string {
	var names []string
	for _, m := range mapOperandRE.FindAllStringSubmatch(line, -1) {
		n := m[1] + m[2]
		if keyword[n] || slices.Contains(names, n) {
			continue
		}
		names = append(names, n)
	}
	if len(names) != 1 {
		return ""
	}
	return names[0]
}
