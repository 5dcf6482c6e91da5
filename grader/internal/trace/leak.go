package trace

import (
	"regexp"
	"strconv"
)

var leakRE = regexp.MustCompile(`^\[?Goroutine (\d+) in state ([^,]+), with (\S+) on top of the stack:$`)

// ParseLeaks returns the goroutines of every goleak report ("found unexpected goroutines") in text.
func ParseLeaks(text string) []Goroutine {
	lines := splitLines(text)
	var out []Goroutine
	for i := 0; i < len(lines); i++ {
		m := leakRE.FindStringSubmatch(lines[i])
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
