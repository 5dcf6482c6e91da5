package cli

import (
	"context"
	"fmt"
	"os"

	"gokatas/grader/internal/tamper"
)

// cmdTamper compares a learner's checkout with the course's and fails when a file the learner
// must not change differs: the classroom workflow's check of its own.
func cmdTamper(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "tamper", "tamper --learner DIR [--course DIR]")
	learner := fs.String("learner", "", "the learner's checkout (`DIR`)")
	course := fs.String("course", "", "the course's checkout, at its pinned ref (`DIR`; default: the repository of the working directory)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *learner == "" || len(rest) > 0 {
		return usagef("tamper needs --learner DIR (and no other arguments), e.g. 'go run ./grader tamper --learner ../learner'")
	}
	cenv := env
	if *course != "" {
		e := *env
		e.Dir = env.abs(*course)
		cenv = &e
	}
	r, err := openRepo(cenv)
	if err != nil {
		return err
	}
	dir := env.abs(*learner)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return usagef("--learner %s: no such folder", *learner)
	}
	res, err := tamper.Compare(r.root, dir, r.cat)
	if err != nil {
		return err
	}
	w := env.Stdout
	if len(res.Diffs) == 0 {
		fmt.Fprintf(w, "The learner's checkout has the course's %d grading files unchanged.\n", res.Compared)
		return nil
	}
	fmt.Fprintf(w, "The learner's checkout differs from the course's in %d file(s) the learner must not change:\n", len(res.Diffs))
	for _, d := range res.Diffs {
		fmt.Fprintf(w, "  %s\n", d)
	}
	fmt.Fprintln(w, "The grading used the course's grader and tests, not these; restore them with 'git checkout' from the course's template.")
	if env.Getenv("GITHUB_ACTIONS") == "true" {
		for _, d := range res.Diffs {
			fmt.Fprintf(w, "::error file=%s,title=%s::%s differs from the course's copy (%s)\n", d.Path, "course file "+string(d.Change), d.Path, d.Change)
		}
	}
	return errFailed
}
