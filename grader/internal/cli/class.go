package cli

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/class"
	"gokatas/grader/internal/render"
)

// cmdClass reads many learners' results and writes the class page (and CSV).
func cmdClass(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "class", "class [--html FILE] [--csv FILE] RESULTS...")
	html := fs.String("html", "", "write the class page, one self-contained HTML file, to `FILE`")
	csvOut := fs.String("csv", "", "write one CSV row per learner to `FILE`")
	r, paths, err := parseRepo(env, fs, args)
	if err != nil {
		return err
	}
	if *html == "" && *csvOut == "" {
		return usagef("class needs --html FILE or --csv FILE, e.g. 'go run ./grader class --html class.html results/*'")
	}
	if len(paths) == 0 {
		return usagef("class needs the learners' results: a file of 'verify --json' lines or a folder per learner, e.g. results/*")
	}
	for i, p := range paths {
		paths[i] = env.abs(p)
	}
	c, err := class.Read(paths, r.cat, r.course, env.display)
	if err != nil {
		return usagef("%v", err)
	}
	for _, p := range c.Problems {
		fmt.Fprintf(env.Stderr, "grader: class: %s\n", p)
	}
	if *html != "" {
		var b bytes.Buffer
		if err := render.ClassHTML(&b, c, time.Now()); err != nil {
			return err
		}
		if err := atomicfile.Write(env.abs(*html), b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing the class page: %w", err)
		}
		fmt.Fprintf(env.Stdout, "wrote %s (%d learners, %d katas)\n", env.display(env.abs(*html)), len(c.Learners), len(c.Katas))
	}
	if *csvOut != "" {
		var b bytes.Buffer
		if err := render.ClassCSV(&b, c); err != nil {
			return err
		}
		if err := atomicfile.Write(env.abs(*csvOut), b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing the class CSV: %w", err)
		}
		fmt.Fprintf(env.Stdout, "wrote %s\n", env.display(env.abs(*csvOut)))
	}
	return nil
}
