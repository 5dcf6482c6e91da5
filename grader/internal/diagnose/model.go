package diagnose

// Verdicts of a package, and kinds of findings (the same words, plus KindAssertion).
const (
	Pass       = "pass"
	Fail       = "fail"
	Race       = "race"
	Deadlock   = "deadlock"
	Leak       = "leak"
	Hang       = "hang"
	Panic      = "panic"
	BuildError = "build-error"
	// Vet: go vet's concurrency checks report a mistake (the tests may pass).
	Vet = "vet"
	// NotGradable: the package cannot be graded here (every test skipped, or no race detector).
	NotGradable = "not-gradable"

	KindAssertion = "assertion"
)

// Roles of a location.
const (
	RoleWrite    = "write"
	RoleRead     = "read"
	RoleBlocked  = "blocked"
	RoleStarted  = "started"
	RolePanicked = "panicked"
	RoleFailed   = "failed"
	RoleLeaked   = "leaked"
	// RoleCause is a line of the learner's that most likely causes what the other locations
	// show (where a channel is made or closed, where a locked function returns, ...).
	RoleCause = "cause"
)

// Location is a place in the package's source.
type Location struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Function string `json:"function,omitempty"`
	Role     string `json:"role"`
	State    string `json:"state,omitempty"` // what a blocked goroutine waits on, e.g. "chan send"
	Note     string `json:"note,omitempty"`  // why a cause location is named, in one phrase
}

// Finding is one problem found in a run.
type Finding struct {
	Kind      string     `json:"kind"`
	Test      string     `json:"test,omitempty"`
	Summary   string     `json:"summary"`
	Pattern   string     `json:"pattern,omitempty"` // the recognised bug pattern, in one line
	Advice    string     `json:"advice,omitempty"`
	Message   string     `json:"message,omitempty"` // the assertion's or panic's own words
	Locations []Location `json:"locations"`
}

// Report is the diagnosis of one package over one or more runs.
type Report struct {
	Dir        string    `json:"dir"`
	Package    string    `json:"package"`
	Verdict    string    `json:"verdict"`
	Runs       int       `json:"runs"`
	FailedRuns int       `json:"failed_runs"`
	DurationMS int64     `json:"duration_ms"`
	Findings   []Finding `json:"findings"`
	// Output is the text of the first failing run, kept for --verbose rendering.
	Output string `json:"-"`
}

// severity orders verdicts: the highest found in a run is the run's verdict.
var severity = map[string]int{
	Pass: 0, NotGradable: 1, Fail: 2, KindAssertion: 2, Vet: 3, Leak: 4, Hang: 5, Deadlock: 6, Panic: 7, Race: 8, BuildError: 9,
}

// Worse returns the more severe of two verdicts.
func Worse(a, b string) string {
	if severity[b] > severity[a] {
		return b
	}
	return a
}

// VerdictOf picks the verdict of a set of findings.
func VerdictOf(fs []Finding) string {
	v := Pass
	for _, f := range fs {
		k := f.Kind
		if k == KindAssertion {
			k = Fail
		}
		if severity[k] > severity[v] {
			v = k
		}
	}
	return v
}
