package render

import (
	"encoding/json"
	"io"
	"time"
	"unicode/utf8"

	"gokatas/grader/internal/verdict"
)

// CICase is one graded kata, as the CI reports (GitHub Classroom's result, CTRF) show it.
type CICase struct {
	Name     string // "15 safe_counter"
	Suite    string // the kata's track
	Verdict  verdict.Verdict
	Points   int    // what the kata scores when it passes
	Message  string // the diagnosis the learner would see, as plain text ("" when it passes)
	Command  string // the command that grades this kata alone
	File     string // the first location of the diagnosis, relative to the repository root, or ""
	Line     int    // its line, or 0
	Duration time.Duration
}

// ClassroomMessageLimit bounds one test's message in the GitHub Classroom result, in bytes.
// The reporter reads the whole result from one environment variable, and Linux refuses a
// single variable longer than 128 KiB (MAX_ARG_STRLEN) when it starts the step: 69 katas at
// this bound stay below it once base64-encoded. The full diagnosis is in the JUnit report.
const ClassroomMessageLimit = 900

// classroomResult is format 1 of the result autograding-grading-reporter@v1 reads.
type classroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"`
	MaxScore int             `json:"max_score"`
	Tests    []classroomTest `json:"tests"`
}

type classroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"` // pass, fail or error
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
	Duration int64  `json:"duration"` // milliseconds
}

// classroomStatus is a kata's status in the result: a kata that cannot be graded here (no race
// detector) is an error, neither a pass nor a failure of the learner's.
func classroomStatus(v verdict.Verdict) string {
	switch v {
	case verdict.Pass:
		return "pass"
	case verdict.NotGradable:
		return "error"
	}
	return "fail"
}

// Classroom writes the GitHub Classroom result (format 1 of autograding-grading-reporter@v1):
// one test per case, scoring its points when it passes; the whole passes when every case does.
func Classroom(w io.Writer, cases []CICase) error {
	res := classroomResult{Version: 1, Status: "pass", Tests: []classroomTest{}}
	for _, c := range cases {
		t := classroomTest{
			Name: c.Name, Status: classroomStatus(c.Verdict), Message: Clip(c.Message, ClassroomMessageLimit),
			TestCode: c.Command, Filename: c.File, LineNo: c.Line, Duration: c.Duration.Milliseconds(),
		}
		res.MaxScore += c.Points
		if c.Verdict == verdict.Pass {
			t.Score = c.Points
		} else {
			res.Status = "fail"
		}
		res.Tests = append(res.Tests, t)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}

// Clip shortens s to at most n bytes, cut at a character and ended with "…" when cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ctrfReport is a CTRF report (https://ctrf.io), which several CI dashboards read.
type ctrfReport struct {
	ReportFormat string      `json:"reportFormat"`
	SpecVersion  string      `json:"specVersion"`
	Results      ctrfResults `json:"results"`
}

type ctrfResults struct {
	Tool    ctrfTool   `json:"tool"`
	Summary ctrfSum    `json:"summary"`
	Tests   []ctrfTest `json:"tests"`
}

type ctrfTool struct {
	Name string `json:"name"`
}

type ctrfSum struct {
	Tests   int   `json:"tests"`
	Passed  int   `json:"passed"`
	Failed  int   `json:"failed"`
	Skipped int   `json:"skipped"`
	Pending int   `json:"pending"`
	Other   int   `json:"other"`
	Start   int64 `json:"start"` // milliseconds since 1970
	Stop    int64 `json:"stop"`
}

type ctrfTest struct {
	Name      string `json:"name"`
	Status    string `json:"status"` // passed, failed or skipped
	Duration  int64  `json:"duration"`
	Message   string `json:"message,omitempty"`
	RawStatus string `json:"rawStatus"` // the verdict
	FilePath  string `json:"filePath,omitempty"`
	Line      int    `json:"line,omitempty"`
	Suite     string `json:"suite,omitempty"`
}

// CTRF writes cases as a CTRF JSON report; start and stop bound the grading.
func CTRF(w io.Writer, tool string, cases []CICase, start, stop time.Time) error {
	rep := ctrfReport{ReportFormat: "CTRF", SpecVersion: "0.0.0", Results: ctrfResults{
		Tool:    ctrfTool{Name: tool},
		Summary: ctrfSum{Tests: len(cases), Start: start.UnixMilli(), Stop: stop.UnixMilli()},
		Tests:   []ctrfTest{},
	}}
	sum := &rep.Results.Summary
	for _, c := range cases {
		t := ctrfTest{Name: c.Name, Duration: c.Duration.Milliseconds(), Message: c.Message, RawStatus: string(c.Verdict),
			FilePath: c.File, Line: c.Line, Suite: c.Suite}
		switch c.Verdict {
		case verdict.Pass:
			t.Status = "passed"
			sum.Passed++
		case verdict.NotGradable:
			t.Status = "skipped"
			sum.Skipped++
		default:
			t.Status = "failed"
			sum.Failed++
		}
		rep.Results.Tests = append(rep.Results.Tests, t)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
