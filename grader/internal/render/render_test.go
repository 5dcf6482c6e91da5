package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/verdict"
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
		Kind: verdict.Race, Test: "TestInc", Summary: "data race on c.v",
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

func TestJUnitParsesBack(t *testing.T) {
	var b bytes.Buffer
	err := JUnit(&b, "katas", []JUnitCase{
		{Class: "katas.mutex", Name: "15_safe_counter", Seconds: 0.5, Verdict: "race", Summary: "data race: data race on c.v", Detail: "✗ data race on c.v <&>"},
		{Class: "katas.channels", Name: "05_unbuffered_send", Seconds: 0.25, Verdict: "pass"},
		{Class: "katas.atomic", Name: "18_hit_counter", Verdict: "race", Skipped: "needs the race detector"},
	})
	assert.NoError(t, err)
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Class   string `xml:"classname,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	assert.NoError(t, xml.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, 3, doc.Tests)
	assert.Equal(t, 1, doc.Failures)
	cases := doc.Suites[0].Cases
	assert.Len(t, cases, 3, "one testcase per kata")
	assert.Equal(t, "15_safe_counter", cases[0].Name)
	assert.Equal(t, "race", cases[0].Failure.Type)
	assert.Equal(t, "data race: data race on c.v", cases[0].Failure.Message)
	assert.Equal(t, "✗ data race on c.v <&>", cases[0].Failure.Text)
	assert.Nil(t, cases[1].Failure)
	assert.NotNil(t, cases[2].Skipped)
}

func TestProgressHTML(t *testing.T) {
	var b bytes.Buffer
	err := ProgressHTML(&b, []ProgressTrack{{Name: "mutex", Done: 1, Katas: []ProgressKata{
		{Order: 15, Name: "safe_counter", Title: "SafeCounter", State: "done"},
		{Order: 16, Name: "early_return", Title: "<Early>", State: "failing", Verdict: "deadlock", Diagnosis: "blocked at kata.go:9"},
	}}}, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	assert.NoError(t, err)
	out := b.String()
	assert.Contains(t, out, "1 of 2 katas done")
	assert.Contains(t, out, `class="failing"`)
	assert.Contains(t, out, "&lt;Early&gt;", "escaped")
	assert.Contains(t, out, "blocked at kata.go:9")
	assert.NotContains(t, out, "http", "no external resources")
}

// TestAssertionShowsWhatTheTestGot: under a failing assertion the screen shows testify's Error
// lines (expected and actual), not only the assertion's message that the headline repeats.
func TestAssertionShowsWhatTheTestGot(t *testing.T) {
	var b bytes.Buffer
	Finding(&b, Style{}, nil, diagnose.Finding{
		Kind: verdict.Assertion, Test: "TestSnapshot", Summary: "TestSnapshot failed: every price is in the book",
		Message: "every price is in the book\n\"map[]\" should have 100 item(s), but has 0",
	})
	assert.Equal(t, "✗ TestSnapshot failed: every price is in the book\n"+
		"    \"map[]\" should have 100 item(s), but has 0\n", b.String())
}
