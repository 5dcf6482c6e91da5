package trace

import "regexp"

var leakRE = regexp.MustCompile(`^\[?Goroutine (\d+) in state ([^,]+), with (\S+) on top of the stack:$`)

// ParseLeaks returns the goroutines of every goleak report ("found unexpected goroutines") in text.
func ParseLeaks(text string) []Goroutine { return parseBlocks(text, leakRE) }
