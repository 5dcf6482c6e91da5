package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/textdiff"
	"gokatas/grader/internal/verdict"
)

// originalOverlay compiles each kata with its original, shipped tests (and other files the
// learner does not edit), hiding test files the learner added. It writes the originals into tmp
// and returns the overlay, plus one note per file that differs from its original.
func (r *repo) originalOverlay(ks []*kata.Kata, tmp string) (map[string]string, []string, error) {
	orig := kata.EmbeddedOriginals()
	overlay := map[string]string{}
	var notes []string
	for _, k := range ks {
		files := orig.Of(k)
		if len(files) == 0 {
			continue // not in the snapshot (a kata being written): grade what is on disk
		}
		dir := filepath.Join(r.root, filepath.FromSlash(k.KataDir()))
		for name, data := range files {
			if k.Editable(name) {
				continue
			}
			disk := filepath.Join(dir, name)
			cur, err := os.ReadFile(disk)
			switch {
			case err != nil:
				notes = append(notes, fmt.Sprintf("%s/%s is missing: grading uses the original", k.KataDir(), name))
			case !bytes.Equal(cur, data):
				notes = append(notes, fmt.Sprintf("%s/%s differs from the original: grading uses the original (restore it with 'go run ./grader reset %s')", k.KataDir(), name, k.Name))
			default:
				continue
			}
			backing := filepath.Join(tmp, k.Dir+"_"+name)
			if err := os.WriteFile(backing, data, 0o644); err != nil {
				return nil, nil, fmt.Errorf("preparing the original tests: %w", err)
			}
			overlay[disk] = backing
		}
		added, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
		for _, a := range added {
			if _, ok := files[filepath.Base(a)]; !ok {
				notes = append(notes, fmt.Sprintf("%s/%s is not part of the kata: grading ignores it", k.KataDir(), filepath.Base(a)))
				overlay[a] = "" // hidden from the build
			}
		}
	}
	return overlay, notes, nil
}

// cmdReset restores a kata's editable files from the grader's embedded originals, after
// saving the learner's version in a backup folder.
func cmdReset(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "reset", "reset [--yes] KATA | reset [--yes] --all")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	all := fs.Bool("all", false, "reset every kata")
	r, rest, err := parseRepo(env, fs, args)
	if err != nil {
		return err
	}
	var ks []*kata.Kata
	switch {
	case *all && len(rest) == 0:
		ks = r.cat.Katas
	case !*all && len(rest) == 1:
		k, err := r.find(rest[0])
		if err != nil {
			return err
		}
		ks = []*kata.Kata{k}
	default:
		return usagef("reset needs one kata name or number, or --all")
	}
	orig := kata.EmbeddedOriginals()
	type change struct {
		k      *kata.Kata
		name   string
		data   []byte
		exists bool
	}
	var changes []change
	for _, k := range ks {
		files := orig.Of(k)
		if len(files) == 0 {
			return fmt.Errorf("the grader has no original copy of kata %s: run 'go run ./grader dev snapshot'", k.Name)
		}
		for name, data := range files {
			cur, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(k.KataDir()), name))
			if err == nil && bytes.Equal(cur, data) {
				continue
			}
			changes = append(changes, change{k, name, data, err == nil})
		}
	}
	if len(changes) == 0 {
		fmt.Fprintln(env.Stdout, "Nothing to reset: the files are already the originals.")
		return nil
	}
	if !*yes {
		if !env.StdinTTY {
			return usagef("reset replaces %d file(s); add --yes to confirm when not on a terminal", len(changes))
		}
		fmt.Fprintf(env.Stdout, "Reset %d file(s) to the original? Your versions are kept in a backup folder. [y/N] ", len(changes))
		line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(env.Stdout, "Nothing was changed.")
			return nil
		}
	}
	backup := filepath.Join(r.root, ".grader", "backup", time.Now().Format("20060102-150405"))
	for _, c := range changes {
		rel := filepath.Join(filepath.FromSlash(c.k.KataDir()), c.name)
		path := filepath.Join(r.root, rel)
		if c.exists {
			cur, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("reading %s: %w", rel, err)
			}
			dst := filepath.Join(backup, rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return fmt.Errorf("making the backup folder: %w", err)
			}
			if err := os.WriteFile(dst, cur, 0o644); err != nil {
				return fmt.Errorf("saving your version of %s: %w", rel, err)
			}
		}
		if err := atomicfile.Write(path, c.data, 0o644); err != nil {
			return fmt.Errorf("restoring %s: %w", rel, err)
		}
		fmt.Fprintf(env.Stdout, "restored %s\n", env.display(path))
	}
	if _, err := os.Stat(backup); err == nil {
		fmt.Fprintf(env.Stdout, "Your previous versions are in %s\n", env.display(backup))
	}
	return nil
}

// cmdSolution shows the reference solution as a diff against the learner's files, once the
// kata passes (or with --force).
func cmdSolution(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "solution", "solution [--force] KATA")
	force := fs.Bool("force", false, "show the solution even though the kata does not pass yet")
	r, k, err := parseKata(env, fs, args, "solution")
	if err != nil {
		return err
	}
	if !*force {
		outs, _, err := gradeKatas(ctx, env, r, []*kata.Kata{k}, gradeOpts{timeout: DefaultTimeout, runs: 1, explore: DefaultExplore}, false)
		if err != nil {
			return err
		}
		if v := outs[0].Report.Verdict; v != verdict.Pass {
			fmt.Fprintf(env.Stdout, "Kata %s does not pass yet (%s): the solution is shown once it does.\n"+
				"Try 'go run ./grader hint %s' first, or add --force to see it anyway.\n", k.Name, v.Words(), k.Name)
			return errFailed
		}
	} else {
		fmt.Fprintf(env.Stderr, "grader: showing the solution of %s before it passes (--force)\n", k.Name)
	}
	w := env.Stdout
	for _, f := range k.Files {
		mine, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(k.KataDir()), f))
		if err != nil {
			return fmt.Errorf("kata %s: reading your %s: %w", k.Name, f, err)
		}
		sol, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(k.SolutionDir()), f))
		if err != nil {
			return fmt.Errorf("kata %s: the reference solution %s/%s is missing", k.Name, k.SolutionDir(), f)
		}
		if !textdiff.Unified(w, k.KataDir()+"/"+f+" (yours)", k.SolutionDir()+"/"+f+" (reference)", string(mine), string(sol), 3) {
			fmt.Fprintf(w, "%s/%s is the same as the reference solution.\n", k.KataDir(), f)
		}
	}
	return nil
}

// cmdDevSnapshot regenerates the embedded originals from katas/.
func cmdDevSnapshot(env *Env, r *repo) error {
	data, err := kata.Snapshot(r.root, r.cat)
	if err != nil {
		return err
	}
	path := filepath.Join(r.root, filepath.FromSlash(kata.OriginalsPath))
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", kata.OriginalsPath, err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%d bytes); rebuild the grader to embed it\n", kata.OriginalsPath, len(data))
	n, err := r.copySolutionTests()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "copied the kata's own files into the solution folders (%d updated)\n", n)
	return nil
}

// copySolutionTests makes each solution folder hold a byte-identical copy of the kata's files
// that the learner does not edit (its tests, its helpers): plain files, never links, so that a
// checkout without symbolic links (Windows) builds and tests the solutions too. dev check proves
// the copies identical. It returns how many files it wrote.
func (r *repo) copySolutionTests() (int, error) {
	n := 0
	for _, k := range r.cat.Katas {
		kdir := filepath.Join(r.root, filepath.FromSlash(k.KataDir()))
		sdir := filepath.Join(r.root, filepath.FromSlash(k.SolutionDir()))
		entries, err := os.ReadDir(kdir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".go") || k.Editable(name) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(kdir, name))
			if err != nil {
				return n, err
			}
			dst := filepath.Join(sdir, name)
			if fi, err := os.Lstat(dst); err == nil && fi.Mode().IsRegular() {
				if cur, err := os.ReadFile(dst); err == nil && bytes.Equal(cur, data) {
					continue
				}
			}
			_ = os.Remove(dst) // a link is replaced, never written through
			if err := atomicfile.Write(dst, data, 0o644); err != nil {
				return n, fmt.Errorf("copying %s/%s: %w", k.KataDir(), name, err)
			}
			n++
		}
	}
	return n, nil
}
