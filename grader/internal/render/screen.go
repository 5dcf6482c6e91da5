package render

import (
	"fmt"
	"io"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/verdict"
)

// Screen is what a person reads about one graded package, the same on every command that
// grades (the course, run, watch, diagnose): a headline with the verdict, where to read and
// edit, the findings, the raw output when asked for, and a closing line. The commands fill it
// in; Print is the only place that lays it out.
type Screen struct {
	Lead    string // before the name on the headline ("Current kata: "), or ""
	Name    string // in bold: "02 logger", or a package's folder
	Title   string // after the name, or ""
	Verdict verdict.Verdict
	Detail  string   // after the verdict: "(1 run(s), 812 ms)", or ""
	Places  []string // lines under the headline: "Read:  katas/02_logger/README.md"
	// Findings are shown unless the package passes; Output (the raw output) when not "".
	Findings []diagnose.Finding
	Output   string
	Footer   string // the last line: "Stuck? ...", or ""
	// Schedule is the perturbed schedule of the run the findings come from (nil: a plain run),
	// and Replay the command that replays it.
	Schedule *diagnose.Schedule
	Replay   string
}

// Runs says how many runs a report took, and how long: "(5 runs: 1 plain, 4 perturbed; 812 ms)".
func Runs(r diagnose.Report) string {
	ms := fmt.Sprintf("%d ms", r.DurationMS)
	if r.PerturbedRuns == 0 {
		return fmt.Sprintf("(%d run(s), %s)", r.Runs, ms)
	}
	return fmt.Sprintf("(%d run(s): %d plain, %d perturbed; %s)", r.Runs, r.Runs-r.PerturbedRuns, r.PerturbedRuns, ms)
}

// Print lays the screen out.
func (sc Screen) Print(w io.Writer, s Style, read SourceReader) {
	head := sc.Lead + s.Bold(sc.Name)
	if sc.Title != "" {
		head += " " + sc.Title
	}
	head += ": " + Colorize(s, sc.Verdict, sc.Verdict.Words())
	if sc.Detail != "" {
		head += " " + sc.Detail
	}
	fmt.Fprintln(w, head)
	for _, p := range sc.Places {
		fmt.Fprintln(w, p)
	}
	if sc.Verdict != verdict.Pass && len(sc.Findings) > 0 {
		fmt.Fprintln(w)
		Findings(w, s, read, sc.Findings)
		if sc.Schedule != nil {
			fmt.Fprintf(w, "\nThis failure showed on a perturbed schedule (seed %d, GOMAXPROCS %d): the grader shuffled\n"+
				"the goroutines' turns at the concurrency operations, as a busy machine might, to bring\n"+
				"out a bug that a lucky schedule hides.\n", sc.Schedule.Seed, sc.Schedule.GOMAXPROCS)
			if sc.Replay != "" {
				fmt.Fprintf(w, "Replay it: %s\n", sc.Replay)
			}
		}
	}
	if sc.Output != "" {
		fmt.Fprintf(w, "\n--- raw output ---\n%s", sc.Output)
	}
	if sc.Footer != "" {
		fmt.Fprintf(w, "\n%s\n", sc.Footer)
	}
}
