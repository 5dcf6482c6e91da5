package cli

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/verdict"
)

// cmdReport writes the learner's progress as one HTML page.
func cmdReport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "report", "report --html FILE [--repo DIR]")
	out := fs.String("html", "", "the HTML file to write")
	learner := fs.String("repo", "", "the progress of the checkout in `DIR` (graded by 'verify --repo DIR'), with this checkout's metadata")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("report needs --html FILE, e.g. 'go run ./grader report --html progress.html'")
	}
	path := env.abs(*out)
	r, err := openRepo(env)
	if err != nil {
		return err
	}
	if *learner != "" {
		if r, env, err = r.onLearner(env, *learner); err != nil {
			return err
		}
	}
	st := r.progress(env)
	var tracks []render.ProgressTrack
	for _, name := range r.cat.Tracks() {
		t := render.ProgressTrack{Name: name}
		for _, k := range r.cat.Katas {
			if k.Track != name {
				continue
			}
			pk := render.ProgressKata{Order: k.Order, Name: k.Name, Title: k.Title, State: "not tried"}
			if e := st.Katas[k.Name]; e != nil && e.Verdict != "" {
				switch e.Verdict {
				case verdict.Pass:
					pk.State = "done"
					t.Done++
				case verdict.NotGradable:
					pk.State = "not gradable"
				default:
					pk.State = "failing"
					pk.Verdict = e.Verdict.Words()
				}
				pk.Diagnosis = e.Diagnosis
				pk.Graded = e.Graded.Format("2006-01-02 15:04 MST")
			}
			t.Katas = append(t.Katas, pk)
		}
		tracks = append(tracks, t)
	}
	var b bytes.Buffer
	if err := render.ProgressHTML(&b, tracks, time.Now()); err != nil {
		return err
	}
	if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", env.display(path))
	return nil
}
