package diagnose

import "gokatas/grader/internal/verdict"

// Role is what a location did in a finding.
type Role string

// Roles of a location.
const (
	RoleWrite    Role = "write"
	RoleRead     Role = "read"
	RoleBlocked  Role = "blocked"
	RoleStarted  Role = "started"
	RolePanicked Role = "panicked"
	RoleFailed   Role = "failed"
	RoleLeaked   Role = "leaked"
	// RoleCause is a line of the learner's that most likely causes what the other locations
	// show (where a channel is made or closed, where a locked function returns, ...).
	RoleCause Role = "cause"
)

var roleWords = map[Role]string{
	RoleWrite: "write", RoleRead: "read", RoleBlocked: "blocked", RoleStarted: "started",
	RolePanicked: "panicked", RoleFailed: "failed", RoleLeaked: "left blocked", RoleCause: "likely cause",
}

// Words is the role's name on the screen ("likely cause").
func (r Role) Words() string { return roleWords[r] }

// Location is a place in the package's source.
type Location struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Function string `json:"function,omitempty"`
	Role     Role   `json:"role"`
	State    string `json:"state,omitempty"` // what a blocked goroutine waits on, e.g. "chan send"
	Note     string `json:"note,omitempty"`  // why a cause location is named, in one phrase
}

// Finding is one problem found in a run.
type Finding struct {
	Kind      verdict.Verdict `json:"kind"`
	Test      string          `json:"test,omitempty"`
	Summary   string          `json:"summary"`
	Pattern   string          `json:"pattern,omitempty"` // the recognised bug pattern, in one line
	Advice    string          `json:"advice,omitempty"`
	Message   string          `json:"message,omitempty"` // the assertion's or panic's own words
	Locations []Location      `json:"locations"`
}

// Report is the diagnosis of one package over one or more runs.
type Report struct {
	Dir        string          `json:"dir"`
	Package    string          `json:"package"`
	Verdict    verdict.Verdict `json:"verdict"`
	Runs       int             `json:"runs"`
	FailedRuns int             `json:"failed_runs"`
	DurationMS int64           `json:"duration_ms"`
	Findings   []Finding       `json:"findings"`
	// PerturbedRuns is how many of Runs had their schedule perturbed (package explore).
	PerturbedRuns int `json:"perturbed_runs,omitempty"`
	// Schedule is the perturbed schedule of the run whose findings these are; nil when that
	// run was a plain one. Its seed replays it (grader diagnose --seed).
	Schedule *Schedule `json:"schedule,omitempty"`
	// Output is the text of the first failing run, kept for --verbose rendering.
	Output string `json:"-"`
}

// Schedule is how a perturbed run was scheduled.
type Schedule struct {
	Seed       uint64 `json:"seed"`
	GOMAXPROCS int    `json:"gomaxprocs"`
}

// VerdictOf picks the verdict of a set of findings: the worst of their kinds.
func VerdictOf(fs []Finding) verdict.Verdict {
	v := verdict.Pass
	for _, f := range fs {
		v = verdict.Worse(v, f.Kind.Run())
	}
	return v
}
