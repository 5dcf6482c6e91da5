package verdict

import "slices"

// Verdict is the outcome of grading a package, and the kind of one finding.
type Verdict string

// The verdicts, from the best to the worst.
const (
	Pass Verdict = "pass"
	// NotGradable: the package cannot be graded here (every test skipped, or no race detector).
	NotGradable Verdict = "not-gradable"
	Fail        Verdict = "fail"
	// Assertion is a kind of finding only (a failed assertion): its run's verdict is Fail.
	Assertion Verdict = "assertion"
	// Vet: go vet's concurrency checks report a mistake (the tests may pass).
	Vet        Verdict = "vet"
	Leak       Verdict = "leak"
	Hang       Verdict = "hang"
	Deadlock   Verdict = "deadlock"
	Panic      Verdict = "panic"
	Race       Verdict = "race"
	BuildError Verdict = "build-error"
)

// entry is everything said about one verdict.
type entry struct {
	severity int    // the highest found in a run is the run's verdict
	words    string // its name on the screen: "data race"
	declared string // how a kata's metadata (failure = "...") declares it; "" if it cannot
	shows    string // how a handout says the bug shows: "a data race"
	state    string // the kata's state on the progress page
}

// The one table. The order of severity puts a compile error above everything (nothing ran),
// then the bugs that stop a run (race, panic, deadlock, hang) above those that let it finish.
var table = map[Verdict]entry{
	Pass:        {0, "passes", "", "", "done"},
	NotGradable: {1, "not gradable here", "", "", "not gradable"},
	Fail:        {2, "failing assertion", "fail", "a wrong result", "failing"},
	Assertion:   {2, "failing assertion", "", "a wrong result", "failing"},
	Vet:         {3, "vet", "vet", "a go vet report", "failing"},
	Leak:        {4, "goroutine leak", "leak", "a goroutine leak", "failing"},
	Hang:        {5, "hang", "hang", "a hang", "failing"},
	Deadlock:    {6, "deadlock", "deadlock", "a deadlock", "failing"},
	Panic:       {7, "panic", "panic", "a panic", "failing"},
	Race:        {8, "data race", "race", "a data race", "failing"},
	BuildError:  {9, "compile error", "build", "a compile error", "failing"},
}

// Known reports whether v is in the table.
func (v Verdict) Known() bool { _, ok := table[v]; return ok }

// Words is the verdict's name on the screen ("data race"); an unknown verdict is its own word.
func (v Verdict) Words() string {
	if e, ok := table[v]; ok {
		return e.words
	}
	return string(v)
}

// Shows says how a bug with this verdict shows itself, as a handout puts it ("a data race").
func (v Verdict) Shows() string { return table[v].shows }

// State is the kata's state on the progress page: "done", "failing" or "not gradable".
func (v Verdict) State() string { return table[v].state }

// Run is the verdict of a run whose worst finding has kind v (Assertion counts as Fail).
func (v Verdict) Run() Verdict {
	if v == Assertion {
		return Fail
	}
	return v
}

// Worse returns the more severe of two verdicts.
func Worse(a, b Verdict) Verdict {
	if table[b].severity > table[a].severity {
		return b
	}
	return a
}

// Declared returns the verdict a kata's metadata declares with word ("race", "build", ...).
func Declared(word string) (Verdict, bool) {
	for v, e := range table {
		if e.declared != "" && e.declared == word {
			return v, true
		}
	}
	return "", false
}

// Declarable lists the words a kata's metadata may declare, from the least to the most severe.
func Declarable() []string {
	var vs []Verdict
	for v, e := range table {
		if e.declared != "" {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, func(a, b Verdict) int { return table[a].severity - table[b].severity })
	var words []string
	for _, v := range vs {
		words = append(words, table[v].declared)
	}
	return words
}

// Declaration is the word a kata's metadata declares v with, or "".
func (v Verdict) Declaration() string { return table[v].declared }
