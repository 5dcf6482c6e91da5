package render

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/verdict"
)

// Headline words for each verdict, in plain language.
// Colorize colours a verdict word: green for pass, red otherwise.
func Colorize(s Style, v verdict.Verdict, text string) string {
	if v == verdict.Pass {
		return s.Green(text)
	}
	return s.Red(text)
}

// SourceReader returns a file's lines; tests replace it.
type SourceReader func(path string) ([]string, error)

// ReadSource reads a file from disk.
func ReadSource(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(string(data), "\n"), nil
}

// Findings prints each finding: its headline, the marked source lines of each location, the
// pattern and the advice.
func Findings(w io.Writer, s Style, read SourceReader, fs []diagnose.Finding) {
	for i, f := range fs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		Finding(w, s, read, f)
	}
}

// maxFindingLocations bounds how many snippets one finding shows.
const maxFindingLocations = 6

// Finding prints one finding.
func Finding(w io.Writer, s Style, read SourceReader, f diagnose.Finding) {
	head := f.Summary
	if f.Test != "" && !strings.HasPrefix(head, f.Test) {
		head += s.Dim(" (in " + f.Test + ")")
	}
	fmt.Fprintf(w, "%s %s\n", s.Red("✗"), s.Bold(head))
	if f.Message != "" && f.Kind != verdict.Race {
		// The message's first line is often the summary's end (an assertion's own message);
		// what follows (testify's Error: expected and actual) is what the test got.
		lines := strings.Split(strings.TrimRight(f.Message, "\n"), "\n")
		if strings.Contains(f.Summary, lines[0]) {
			lines = lines[1:]
		}
		for _, l := range lines {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	for i, l := range f.Locations {
		if i == maxFindingLocations {
			fmt.Fprintf(w, "  %s\n", s.Dim(fmt.Sprintf("... and %d more places", len(f.Locations)-i)))
			break
		}
		Location(w, s, read, l)
	}
	if f.Pattern != "" {
		fmt.Fprintf(w, "  %s %s\n", s.Yellow("pattern:"), f.Pattern)
	}
	if f.Advice != "" {
		fmt.Fprintf(w, "  %s %s\n", s.Cyan("advice:"), f.Advice)
	}
}

// Location prints "  write at katas/x/kata.go:14 in (*C).Inc" and the source around it.
func Location(w io.Writer, s Style, read SourceReader, l diagnose.Location) {
	what := l.Role.Words()
	switch {
	case l.Role == diagnose.RoleBlocked && (l.State == "running" || l.State == "runnable"):
		what = "still running"
	case l.Role == diagnose.RoleFailed && strings.HasSuffix(l.File, ".go") && !strings.HasSuffix(l.File, "_test.go"):
		what = "code under test"
	case l.State != "":
		what += " (" + l.State + ")"
	}
	fn := ""
	if l.Function != "" {
		fn = " in " + l.Function
	}
	if l.Note != "" {
		fn += ": " + l.Note
	}
	fmt.Fprintf(w, "  %s at %s%s\n", s.Yellow(what), s.Bold(fmt.Sprintf("%s:%d", l.File, l.Line)), fn)
	if read == nil || l.Line < 1 {
		return
	}
	lines, err := read(l.File)
	if err != nil || l.Line > len(lines) {
		return
	}
	for n := max(1, l.Line-2); n <= min(len(lines), l.Line+2); n++ {
		text := strings.ReplaceAll(lines[n-1], "\t", "    ")
		if n == l.Line {
			fmt.Fprintf(w, "  %s %s\n", s.Red(fmt.Sprintf("> %4d │", n)), text)
		} else {
			fmt.Fprintf(w, "  %s %s\n", s.Dim(fmt.Sprintf("  %4d │", n)), text)
		}
	}
}

// JSON prints one report as a single line of JSON.
func JSON(w io.Writer, r diagnose.Report) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
