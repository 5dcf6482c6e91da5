package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"gokatas/grader/internal/verdict"
)

// JUnitCase is one kata (or package) in a JUnit report.
type JUnitCase struct {
	Class   string // e.g. "katas.mutex"
	Name    string // e.g. "15_safe_counter"
	Seconds float64
	Verdict verdict.Verdict // Pass, or the failure verdict
	Summary string          // the first finding, one line
	Detail  string          // the whole diagnosis, as text
	Skipped string          // a reason when the case could not be graded
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes cases as one JUnit XML test suite, which CI systems and classroom tools read.
func JUnit(w io.Writer, suite string, cases []JUnitCase) error {
	s := junitSuite{Name: suite, Tests: len(cases)}
	total := 0.0
	for _, c := range cases {
		jc := junitCase{ClassName: c.Class, Name: c.Name, Time: fmt.Sprintf("%.3f", c.Seconds)}
		total += c.Seconds
		switch {
		case c.Skipped != "":
			jc.Skipped = &junitSkipped{Message: c.Skipped}
			s.Skipped++
		case c.Verdict != verdict.Pass:
			jc.Failure = &junitFailure{Message: c.Summary, Type: string(c.Verdict), Text: strings.TrimSpace(c.Detail)}
			s.Failures++
		}
		s.Cases = append(s.Cases, jc)
	}
	s.Time = fmt.Sprintf("%.3f", total)
	doc := junitSuites{Name: suite, Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Time: s.Time, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
