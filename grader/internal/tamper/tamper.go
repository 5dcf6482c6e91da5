package tamper

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"gokatas/grader/internal/kata"
)

// Change is how a file of the learner's differs from the course's.
type Change string

// The changes.
const (
	Changed Change = "changed" // both have the file, with different content
	Missing Change = "missing" // the course has it, the learner does not
	Added   Change = "added"   // the learner has it, the course does not
)

// Diff is one file that differs.
type Diff struct {
	Path   string // relative to the repository root, with forward slashes
	Change Change
}

func (d Diff) String() string { return fmt.Sprintf("%-7s %s", d.Change, d.Path) }

// Trees are the folders compared as a whole: every file in them, in either checkout.
var Trees = []string{"grader", ".github/classroom"}

// Files are single files compared (with each kata's own files, from the metadata).
var Files = []string{"go.mod", "go.sum", kata.MetadataPath, ".github/workflows/classroom.yml"}

// Extras change how the go command builds every package when they appear at the root: a
// workspace file can replace any module, a vendor folder is used instead of the module cache.
var Extras = []string{"go.work", "go.work.sum", "vendor"}

// Result is a comparison: the files that differ, and how many were compared.
type Result struct {
	Diffs    []Diff
	Compared int
}

// Compare compares the learner's checkout with the course's; cat is the course's metadata.
func Compare(course, learner string, cat *kata.Catalogue) (Result, error) {
	var res Result
	var paths []string
	for _, tree := range Trees {
		for _, root := range []string{course, learner} {
			ps, err := walk(root, tree)
			if err != nil {
				return res, err
			}
			paths = append(paths, ps...)
		}
	}
	paths = append(paths, Files...)
	for _, k := range cat.Katas {
		ps, err := walk(course, k.KataDir())
		if err != nil {
			return res, err
		}
		for _, p := range ps {
			if path.Ext(p) == ".go" && !k.Editable(path.Base(p)) && path.Dir(p) == k.KataDir() {
				paths = append(paths, p)
			}
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	for _, p := range paths {
		a, aerr := os.ReadFile(filepath.Join(course, filepath.FromSlash(p)))
		b, berr := os.ReadFile(filepath.Join(learner, filepath.FromSlash(p)))
		if aerr != nil && !errors.Is(aerr, fs.ErrNotExist) {
			return res, fmt.Errorf("reading the course's %s: %w", p, aerr)
		}
		if berr != nil && !errors.Is(berr, fs.ErrNotExist) {
			return res, fmt.Errorf("reading the learner's %s: %w", p, berr)
		}
		res.Compared++
		switch {
		case aerr != nil && berr != nil:
			res.Compared-- // in neither (an optional file such as go.sum)
		case aerr != nil:
			res.Diffs = append(res.Diffs, Diff{p, Added})
		case berr != nil:
			res.Diffs = append(res.Diffs, Diff{p, Missing})
		case !bytes.Equal(a, b):
			res.Diffs = append(res.Diffs, Diff{p, Changed})
		}
	}
	for _, x := range Extras {
		_, inCourse := os.Lstat(filepath.Join(course, x))
		if _, err := os.Lstat(filepath.Join(learner, x)); err == nil && inCourse != nil {
			res.Diffs = append(res.Diffs, Diff{x, Added})
		}
	}
	return res, nil
}

// walk lists the regular files (and links) below root/dir, relative to root; none when dir
// does not exist.
func walk(root, dir string) ([]string, error) {
	var out []string
	base := filepath.Join(root, filepath.FromSlash(dir))
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == base && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", base, err)
	}
	return out, nil
}
