package render

import (
	"bytes"
	"encoding/json"
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

func TestClassroom(t *testing.T) {
	var b bytes.Buffer
	err := Classroom(&b, []CICase{
		{Name: "01 counter", Verdict: verdict.Pass, Points: 2, Command: "go run ./grader run counter", Duration: 1500 * time.Millisecond},
		{Name: "02 logger", Verdict: verdict.Deadlock, Points: 3, Message: "✗ deadlock <here>", Command: "go run ./grader run logger",
			File: "katas/02_logger/kata.go", Line: 8, Duration: 20 * time.Millisecond},
		{Name: "03 racer", Verdict: verdict.NotGradable, Points: 1, Message: strings.Repeat("é", ClassroomMessageLimit)},
	})
	assert.NoError(t, err)
	var got struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		MaxScore int    `json:"max_score"`
		Tests    []struct {
			Name     string `json:"name"`
			Status   string `json:"status"`
			Score    int    `json:"score"`
			Message  string `json:"message"`
			TestCode string `json:"test_code"`
			Filename string `json:"filename"`
			LineNo   int    `json:"line_no"`
			Duration int64  `json:"duration"`
		} `json:"tests"`
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	assert.NoError(t, dec.Decode(&got))
	assert.Equal(t, 1, got.Version)
	assert.Equal(t, "fail", got.Status)
	assert.Equal(t, 6, got.MaxScore)
	assert.Len(t, got.Tests, 3)
	assert.Equal(t, []any{"pass", 2, int64(1500), ""}, []any{got.Tests[0].Status, got.Tests[0].Score, got.Tests[0].Duration, got.Tests[0].Message})
	assert.Equal(t, []any{"fail", 0, "✗ deadlock <here>", "katas/02_logger/kata.go", 8, "go run ./grader run logger"},
		[]any{got.Tests[1].Status, got.Tests[1].Score, got.Tests[1].Message, got.Tests[1].Filename, got.Tests[1].LineNo, got.Tests[1].TestCode})
	assert.Equal(t, "error", got.Tests[2].Status)
	assert.LessOrEqual(t, len(got.Tests[2].Message), ClassroomMessageLimit)
	assert.True(t, strings.HasSuffix(got.Tests[2].Message, "é…"), "clipped at a character")

	b.Reset()
	assert.NoError(t, Classroom(&b, []CICase{{Name: "01 counter", Verdict: verdict.Pass, Points: 1}}))
	assert.Contains(t, b.String(), `"status":"pass","max_score":1`)
}

func TestCTRF(t *testing.T) {
	var b bytes.Buffer
	start := time.Unix(1700000000, 0)
	err := CTRF(&b, "grader", []CICase{
		{Name: "01 counter", Suite: "basics", Verdict: verdict.Pass, Duration: time.Second},
		{Name: "02 logger", Suite: "basics", Verdict: verdict.Deadlock, Message: "deadlock", File: "katas/02_logger/kata.go", Line: 8},
		{Name: "03 racer", Verdict: verdict.NotGradable},
	}, start, start.Add(3*time.Second))
	assert.NoError(t, err)
	var got struct {
		ReportFormat string `json:"reportFormat"`
		Results      struct {
			Tool    struct{ Name string }
			Summary struct{ Tests, Passed, Failed, Skipped, Pending, Other, Start, Stop int64 }
			Tests   []struct {
				Name, Status, Message, FilePath, RawStatus string
				Line                                       int
			}
		}
	}
	assert.NoError(t, json.Unmarshal(b.Bytes(), &got))
	assert.Equal(t, "CTRF", got.ReportFormat)
	assert.Equal(t, "grader", got.Results.Tool.Name)
	s := got.Results.Summary
	assert.Equal(t, []int64{3, 1, 1, 1, 0, 0, 1700000000000, 1700000003000}, []int64{s.Tests, s.Passed, s.Failed, s.Skipped, s.Pending, s.Other, s.Start, s.Stop})
	assert.Equal(t, []string{"passed", "failed", "skipped"}, []string{got.Results.Tests[0].Status, got.Results.Tests[1].Status, got.Results.Tests[2].Status})
	assert.Equal(t, "deadlock", got.Results.Tests[1].RawStatus)
	assert.Equal(t, 8, got.Results.Tests[1].Line)
}
