package verdict

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
	Vet      Verdict = "vet"
	Leak     Verdict = "leak"
	Hang     Verdict = "hang"
	Deadlock Verdict = "deadlock"
	// Exit: the test process exited (os.Exit, log.Fatal) while a test was running.
	Exit       Verdict = "exit"
	Panic      Verdict = "panic"
	Race       Verdict = "race"
	BuildError Verdict = "build-error"
)

// entry is everything said about one verdict.
type entry struct {
	verdict  Verdict
	words    string // its name on the screen: "data race"
	declared string // how a kata's metadata (failure = "...") declares it; "" if it cannot
	shows    string // how a handout says the bug shows: "a data race"
	state    string // the kata's state on the progress page
	mark     string // its mark in a cell of the class page's grid (one character)
	colour   string // its colour on the class page (CSS)
}

// table is the one table, from the least to the most severe verdict: the most severe finding
// of a run is the run's verdict. A compile error is above everything (nothing ran), then the
// bugs that stop a run (race, panic, an exit, deadlock, hang) above those that let it finish.
var table = []entry{
	{Pass, "passes", "", "", "done", "✓", "#2e8540"},
	{NotGradable, "not gradable here", "", "", "not gradable", "?", "#9aa1ad"},
	{Fail, "failing assertion", "fail", "a wrong result", "failing", "F", "#e8a33d"},
	{Vet, "vet", "vet", "a go vet report", "failing", "V", "#c9b037"},
	{Leak, "goroutine leak", "leak", "a goroutine leak", "failing", "L", "#8e6bbf"},
	{Hang, "hang", "hang", "a hang", "failing", "H", "#5a7fc0"},
	{Deadlock, "deadlock", "deadlock", "a deadlock", "failing", "D", "#2b5797"},
	{Exit, "process exited", "exit", "the process exiting", "failing", "X", "#7a4b2a"},
	{Panic, "panic", "panic", "a panic", "failing", "P", "#d2691e"},
	{Race, "data race", "race", "a data race", "failing", "R", "#c0392b"},
	{BuildError, "compile error", "build", "a compile error", "failing", "B", "#3b3f45"},
}

// lookup returns v's entry and its severity (its place in the table); Assertion is Fail's.
func lookup(v Verdict) (entry, int, bool) {
	v = v.Run()
	for i, e := range table {
		if e.verdict == v {
			return e, i, true
		}
	}
	return entry{}, -1, false
}

// Known reports whether v is in the table.
func (v Verdict) Known() bool { _, _, ok := lookup(v); return ok }

// Words is the verdict's name on the screen ("data race"); an unknown verdict is its own word.
func (v Verdict) Words() string {
	if e, _, ok := lookup(v); ok {
		return e.words
	}
	return string(v)
}

// Shows says how a bug with this verdict shows itself, as a handout puts it ("a data race").
func (v Verdict) Shows() string { e, _, _ := lookup(v); return e.shows }

// State is the kata's state on the progress page: "done", "failing" or "not gradable".
func (v Verdict) State() string { e, _, _ := lookup(v); return e.state }

// Mark is the verdict's one-character mark in a cell of the class page's grid ("R" for a race).
func (v Verdict) Mark() string { e, _, _ := lookup(v); return e.mark }

// Colour is the verdict's colour on the class page, a CSS colour.
func (v Verdict) Colour() string { e, _, _ := lookup(v); return e.colour }

// CSSClass is the class of an HTML element showing the verdict: "v-race", "v-build-error".
func (v Verdict) CSSClass() string { return "v-" + string(v.Run()) }

// Run is the verdict of a run whose worst finding has kind v (Assertion counts as Fail).
func (v Verdict) Run() Verdict {
	if v == Assertion {
		return Fail
	}
	return v
}

// Worse returns the more severe of two verdicts.
func Worse(a, b Verdict) Verdict {
	_, sa, _ := lookup(a)
	_, sb, _ := lookup(b)
	if sb > sa {
		return b
	}
	return a
}

// Declared returns the verdict a kata's metadata declares with word ("race", "build", ...).
func Declared(word string) (Verdict, bool) {
	for _, e := range table {
		if e.declared != "" && e.declared == word {
			return e.verdict, true
		}
	}
	return "", false
}

// Declarable lists the words a kata's metadata may declare, from the least to the most severe.
func Declarable() []string {
	var words []string
	for _, e := range table {
		if e.declared != "" {
			words = append(words, e.declared)
		}
	}
	return words
}

// Declaration is the word a kata's metadata declares v with, or "".
func (v Verdict) Declaration() string { e, _, _ := lookup(v); return e.declared }

// All lists the verdicts from the least to the most severe (Assertion, a kind only, is not one).
func All() []Verdict {
	var vs []Verdict
	for _, e := range table {
		vs = append(vs, e.verdict)
	}
	return vs
}
