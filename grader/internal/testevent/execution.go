package testevent

import "strings"

// TestCase is one test of a run.
type TestCase struct {
	Name    string
	Action  Action // the last of run, pass, fail, skip
	Elapsed float64
	Output  []string // lines, with their newlines
}

// Finished reports whether the test reported a result.
func (t *TestCase) Finished() bool {
	return t.Action == ActionPass || t.Action == ActionFail || t.Action == ActionSkip
}

// Execution collects the events of one run of a test binary.
type Execution struct {
	Tests         []*TestCase // in the order they started
	PackageOutput []string    // lines outside any test
	text          strings.Builder
	byName        map[string]*TestCase
}

// NewExecution returns an empty Execution; feed it with Add.
func NewExecution() *Execution { return &Execution{byName: map[string]*TestCase{}} }

// Parse reads a whole stream of JSON events (see Decode) into an Execution.
func Parse(stream []byte) *Execution {
	e := NewExecution()
	for _, ev := range Decode(stream) {
		e.Add(ev)
	}
	return e
}

// Add records one event.
func (e *Execution) Add(ev Event) {
	if ev.Action == ActionOutput {
		e.text.WriteString(ev.Output)
	}
	if ev.Test == "" {
		if ev.Action == ActionOutput {
			e.PackageOutput = append(e.PackageOutput, ev.Output)
		}
		return
	}
	tc := e.byName[ev.Test]
	if tc == nil {
		tc = &TestCase{Name: ev.Test}
		e.byName[ev.Test] = tc
		e.Tests = append(e.Tests, tc)
	}
	switch ev.Action {
	case ActionOutput:
		tc.Output = append(tc.Output, ev.Output)
	case ActionRun, ActionPass, ActionFail, ActionSkip:
		tc.Action = ev.Action
		tc.Elapsed = ev.Elapsed
	}
}

// Text returns the run's output as a person reads it: every output line in order, without the
// framing bytes of the binary's stream.
func (e *Execution) Text() string { return e.text.String() }

// Test returns the named test, or nil.
func (e *Execution) Test(name string) *TestCase { return e.byName[name] }

// Failed returns the tests that reported a failure.
func (e *Execution) Failed() []*TestCase {
	var out []*TestCase
	for _, t := range e.Tests {
		if t.Action == ActionFail {
			out = append(out, t)
		}
	}
	return out
}

// Running returns the tests that started and never finished (the run was cut short).
func (e *Execution) Running() []*TestCase {
	var out []*TestCase
	for _, t := range e.Tests {
		if !t.Finished() {
			out = append(out, t)
		}
	}
	return out
}

// AllSkipped reports whether tests ran and every one of them was skipped.
func (e *Execution) AllSkipped() bool {
	if len(e.Tests) == 0 {
		return false
	}
	for _, t := range e.Tests {
		if t.Action != ActionSkip {
			return false
		}
	}
	return true
}
