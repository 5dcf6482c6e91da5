package trace

import (
	"regexp"
	"strconv"
	"strings"
)

// CompileError is one compiler (or vet) message.
type CompileError struct {
	File    string
	Line    int
	Col     int
	Message string
}

var compileRE = regexp.MustCompile(`^(\S+\.go):(\d+)(?::(\d+))?: (.*)$`)

// ParseCompileErrors reads compiler output lines. Lines that are not "file:line: message" are
// appended to the previous message (the compiler continues long messages on indented lines).
func ParseCompileErrors(lines []string) []CompileError {
	var out []CompileError
	for _, raw := range lines {
		for _, l := range strings.Split(raw, "\n") {
			t := strings.TrimSpace(l)
			if t == "" || strings.HasPrefix(t, "# ") {
				continue
			}
			if m := compileRE.FindStringSubmatch(t); m != nil {
				line, _ := strconv.Atoi(m[2])
				col, _ := strconv.Atoi(m[3])
				out = append(out, CompileError{File: m[1], Line: line, Col: col, Message: m[4]})
				continue
			}
			if len(out) > 0 && (strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " ")) {
				out[len(out)-1].Message += " " + t
			} else {
				out = append(out, CompileError{Message: t})
			}
		}
	}
	return out
}
