package trace

import (
	"regexp"
	"strconv"
	"strings"
)

// Failure is one message a test reported with t.Error/t.Fatal or a testify assertion.
type Failure struct {
	File    string // base name as printed by the testing package
	Line    int
	Message string // testify's "Error:" (and "Messages:") text, or the t.Error text
}

var testifyFieldRE = regexp.MustCompile(`^([A-Z][A-Za-z ]*):\s*\t(.*)$`)

var logRE = regexp.MustCompile(`^ {4}(\S+\.go):(\d+): ?(.*)$`)

// ParseFailures reads a test's output lines (as the testing package indents them) and returns
// the messages logged at file:line, with testify's fields folded into one message.
func ParseFailures(output []string) []Failure {
	var text []string
	for _, o := range output {
		text = append(text, strings.Split(strings.TrimRight(o, "\n"), "\n")...)
	}
	var out []Failure
	for i := 0; i < len(text); i++ {
		m := logRE.FindStringSubmatch(text[i])
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		f := Failure{File: m[1], Line: line, Message: strings.TrimSpace(m[3])}
		var cont []string
		for i+1 < len(text) && strings.HasPrefix(text[i+1], "        ") {
			i++
			cont = append(cont, text[i])
		}
		if tf := testify(cont); tf != "" {
			f.Message = tf
		} else if len(cont) > 0 {
			parts := []string{f.Message}
			for _, c := range cont {
				parts = append(parts, strings.TrimSpace(c))
			}
			f.Message = strings.TrimSpace(strings.Join(parts, "\n"))
		}
		out = append(out, f)
	}
	return out
}

// testify folds testify's tab-separated report into "Error text: Messages text".
func testify(lines []string) string {
	fields := map[string][]string{}
	key := ""
	for _, l := range lines {
		l = strings.TrimLeft(l, " ")
		if m := testifyFieldRE.FindStringSubmatch(strings.TrimPrefix(l, "\t")); m != nil {
			key = m[1]
			fields[key] = append(fields[key], strings.TrimSpace(m[2]))
			continue
		}
		if key != "" {
			fields[key] = append(fields[key], strings.TrimSpace(strings.TrimLeft(l, "\t ")))
		}
	}
	errText := strings.TrimSpace(strings.Join(fields["Error"], "\n"))
	if errText == "" {
		return ""
	}
	if msg := strings.TrimSpace(strings.Join(fields["Messages"], "\n")); msg != "" {
		return msg + "\n" + errText
	}
	return errText
}
