package render

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// Style decides colour once; its zero value prints plain text.
type Style struct{ Color bool }

// NewStyle enables colour when w is a terminal, NO_COLOR is unset or empty, and TERM is not dumb.
func NewStyle(w io.Writer, getenv func(string) string) Style {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return Style{}
	}
	f, ok := w.(*os.File)
	return Style{Color: ok && term.IsTerminal(int(f.Fd()))}
}

func (s Style) wrap(code, text string) string {
	if !s.Color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Bold, Red, Green, Yellow, Dim and Cyan colour text when colour is on.
func (s Style) Bold(t string) string   { return s.wrap("1", t) }
func (s Style) Red(t string) string    { return s.wrap("31", t) }
func (s Style) Green(t string) string  { return s.wrap("32", t) }
func (s Style) Yellow(t string) string { return s.wrap("33", t) }
func (s Style) Dim(t string) string    { return s.wrap("2", t) }
func (s Style) Cyan(t string) string   { return s.wrap("36", t) }

// Bar prints a progress bar: ▕████░░░░░░▏ 4/6.
func Bar(w io.Writer, s Style, done, total int) {
	const width = 24
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	fmt.Fprintf(w, "▕%s%s▏ %d/%d\n", s.Green(strings.Repeat("█", filled)), strings.Repeat("░", width-filled), done, total)
}

// Table prints rows as left-aligned columns, the first row as the header.
func Table(w io.Writer, s Style, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], len([]rune(stripANSI(c))))
			}
		}
	}
	for n, r := range rows {
		var b strings.Builder
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-len([]rune(stripANSI(c)))))
			}
		}
		line := strings.TrimRight(b.String(), " ")
		if n == 0 {
			line = s.Bold(line)
		}
		fmt.Fprintln(w, line)
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\x1b' {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
