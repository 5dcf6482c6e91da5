package trace

import (
	"regexp"
	"strings"
)

// Panic is a panic or a fatal error, with the goroutine that raised it when the dump shows it.
type Panic struct {
	Message   string // without "[recovered]" and similar suffixes
	Fatal     bool   // "fatal error:", which cannot be recovered
	Goroutine *Goroutine
}

var (
	panicRE  = regexp.MustCompile(`^(panic|fatal error): (.*)$`)
	suffixRE = regexp.MustCompile(`(?:\s*\[(?:recovered|repanicked|recovered, repanicked)\])+\s*$`)
)

// maxStackLines bounds the lines read for the goroutine that panicked (a frame is two lines).
const maxStackLines = 400

// ParsePanics returns every panic and fatal error in text, outermost first. Test timeouts are
// panics too ("test timed out after 3s"); callers that treat them apart use TimedOut.
func ParsePanics(text string) []Panic {
	lines := splitLines(text)
	var out []Panic
	for i, l := range lines {
		m := panicRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		p := Panic{Message: suffixRE.ReplaceAllString(m[2], ""), Fatal: m[1] == "fatal error"}
		p.Message = strings.TrimSuffix(strings.TrimSpace(p.Message), " [recovered]")
		// The goroutine that panicked is the first dump block after the message.
		for j := i + 1; j < len(lines) && j < i+40; j++ {
			if goroutineRE.MatchString(lines[j]) {
				// Only the first block is needed: bound the text, so that many panics in one
				// output cost linear time.
				end := min(len(lines), j+maxStackLines)
				if gs := ParseGoroutines(strings.Join(lines[j:end], "\n")); len(gs) > 0 {
					p.Goroutine = &gs[0]
				}
				break
			}
			if panicRE.MatchString(lines[j]) {
				break
			}
		}
		out = append(out, p)
	}
	return out
}
