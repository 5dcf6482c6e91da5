package trace

import (
	"regexp"
	"strconv"
	"strings"
)

// Frame is one function call in a stack.
type Frame struct {
	Func string // fully qualified, e.g. "example.com/m/pkg.(*T).Method"
	File string // absolute path as printed
	Line int
}

// Package returns the import path part of Func.
func (f Frame) Package() string {
	slash := strings.LastIndexByte(f.Func, '/')
	dot := strings.IndexByte(f.Func[slash+1:], '.')
	if dot < 0 {
		return f.Func
	}
	return f.Func[:slash+1+dot]
}

// ShortFunc returns Func without its import path: "(*T).Method", "TestX.func1". A closure
// of a method that Go 1.26 names after what it was inlined into ("TestX.func1.(*T).Start.1",
// "(*T).M-fm.(*T).M.func1") is named from its method on, as Go 1.27 names it.
func (f Frame) ShortFunc() string {
	slash := strings.LastIndexByte(f.Func, '/')
	rest := f.Func[slash+1:]
	if dot := strings.IndexByte(rest, '.'); dot >= 0 {
		rest = rest[dot+1:]
	}
	if i := strings.LastIndex(rest, ".("); i >= 0 {
		rest = rest[i+1:]
	}
	return rest
}

// IsStd reports whether the frame belongs to the standard library or the runtime: the first
// element of its import path has no dot.
func (f Frame) IsStd() bool {
	first, _, _ := strings.Cut(f.Package(), "/")
	return !strings.Contains(first, ".")
}

var (
	// A function line: "pkg.F(0x1, ...)" or "pkg.F(...)" or "pkg.F()" (race reports), or a
	// created-by line: "created by pkg.F in goroutine 7".
	funcRE = regexp.MustCompile(`^(created by )?([^\s(]\S*?)(\([^()]*\))?( in goroutine (\d+))?$`)
	// A location line: "/path/file.go:12 +0x1d" or "/path/file.go:12".
	fileRE = regexp.MustCompile(`^(.+?):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?$`)
)

// readStack reads frames from lines[i:] (already trimmed) until a line does not continue the
// stack. It returns the frames, the created-by frame (if any, with the creating goroutine id),
// and the index of the first line not consumed.
func readStack(lines []string, i int) (frames []Frame, created *Frame, createdIn int, next int) {
	for i+1 < len(lines) {
		fm := funcRE.FindStringSubmatch(lines[i])
		lm := fileRE.FindStringSubmatch(lines[i+1])
		if fm == nil || lm == nil || strings.HasPrefix(lines[i], "goroutine ") {
			break
		}
		n, _ := strconv.Atoi(lm[2])
		fr := Frame{Func: fm[2], File: lm[1], Line: n}
		if fm[1] != "" {
			f := fr
			created = &f
			createdIn, _ = strconv.Atoi(fm[5])
			i += 2
			break
		}
		if fm[3] == "" {
			// A race-report or goleak frame always has parentheses; anything else is not a frame.
			break
		}
		frames = append(frames, fr)
		i += 2
	}
	return frames, created, createdIn, i
}

// splitLines splits text into lines with surrounding white space removed.
func splitLines(text string) []string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return lines
}
