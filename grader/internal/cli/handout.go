package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"gokatas/grader/internal/handout"
	"gokatas/grader/internal/kata"
)

// HandoutsDir holds the Markdown handouts in the repository, generated from the READMEs.
const HandoutsDir = "docs/handouts"

// cmdHandout renders the workshop handouts.
func cmdHandout(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "handout", "handout --out DIR [--kata K] [--format html|md]")
	out := fs.String("out", "", "folder to write the handouts to (created if needed)")
	ref := fs.String("kata", "", "only this kata's page (and the index)")
	format := fs.String("format", "html", "html (a self-contained site, printable) or md")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("handout needs --out DIR, e.g. 'go run ./grader handout --out /tmp/handouts'")
	}
	if *format != "html" && *format != "md" {
		return usagef("--format must be html or md, not %q", *format)
	}
	r, err := openRepo(env)
	if err != nil {
		return err
	}
	ks := r.cat.Katas
	if *ref != "" {
		k, err := r.find(*ref)
		if err != nil {
			return err
		}
		ks = []*kata.Kata{k}
	}
	dir := *out
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(env.Dir, dir)
	}
	written, err := handout.Write(dir, *format, r.root, r.cat, ks)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %d pages to %s: open %s\n", len(written), env.display(dir),
		env.display(filepath.Join(dir, "index."+*format)))
	return nil
}

// checkHandouts reports when docs/handouts is not what the READMEs and metadata generate.
func (r *repo) checkHandouts() []string {
	tmp, err := os.MkdirTemp("", "handouts")
	if err != nil {
		return []string{err.Error()}
	}
	defer os.RemoveAll(tmp)
	written, err := handout.Write(tmp, "md", r.root, r.cat, r.cat.Katas)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, w := range written {
		name := filepath.Base(w)
		want, _ := os.ReadFile(w)
		got, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(HandoutsDir), name))
		if err != nil || !bytes.Equal(got, want) {
			out = append(out, fmt.Sprintf("%s/%s is missing or stale: run 'go run ./grader handout --format md --out %s'", HandoutsDir, name, HandoutsDir))
		}
	}
	return out
}
