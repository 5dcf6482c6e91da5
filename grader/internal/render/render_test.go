package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"gokatas/grader/internal/diagnose"
)

func TestBar(t *testing.T) {
	var b bytes.Buffer
	Bar(&b, Style{}, 4, 6)
	assert.Equal(t, "▕████████████████░░░░░░░░▏ 4/6\n", b.String())
	b.Reset()
	Bar(&b, Style{}, 0, 0)
	assert.Equal(t, "▕░░░░░░░░░░░░░░░░░░░░░░░░▏ 0/0\n", b.String())
}

func TestTableAlignsColouredCells(t *testing.T) {
	var b bytes.Buffer
	s := Style{Color: true}
	Table(&b, s, [][]string{{"#", "name"}, {"1", s.Red("race")}, {"10", "x"}})
	lines := strings.Split(stripANSI(b.String()), "\n")
	assert.Equal(t, []string{"#   name", "1   race", "10  x", ""}, lines)
}

func TestNoColor(t *testing.T) {
	env := func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}
	assert.False(t, NewStyle(&bytes.Buffer{}, env).Color)
	assert.False(t, NewStyle(&bytes.Buffer{}, func(string) string { return "" }).Color, "not a terminal")
	assert.Equal(t, "x", Style{}.Red("x"))
	assert.Equal(t, "\x1b[31mx\x1b[0m", Style{Color: true}.Red("x"))
}

func TestFindingShowsMarkedSource(t *testing.T) {
	src := func(string) ([]string, error) {
		return []string{"package p", "", "func (c *C) Inc() {", "\tc.v++", "}"}, nil
	}
	var b bytes.Buffer
	Finding(&b, Style{}, src, diagnose.Finding{
		Kind: diagnose.Race, Test: "TestInc", Summary: "data race on c.v",
		Advice: "Guard it.", Pattern: "",
		Locations: []diagnose.Location{{File: "k/kata.go", Line: 4, Function: "(*C).Inc", Role: diagnose.RoleWrite}},
	})
	assert.Equal(t, `✗ data race on c.v (in TestInc)
  write at k/kata.go:4 in (*C).Inc
       2 │ 
       3 │ func (c *C) Inc() {
  >    4 │     c.v++
       5 │ }
  advice: Guard it.
`, b.String())
}

func TestJSONIsOneLine(t *testing.T) {
	var b bytes.Buffer
	assert.NoError(t, JSON(&b, diagnose.Report{Dir: "d", Verdict: "pass", Findings: []diagnose.Finding{}}))
	assert.Equal(t, `{"dir":"d","package":"","verdict":"pass","runs":0,"failed_runs":0,"duration_ms":0,"findings":[]}`+"\n", b.String())
}
