package kata

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/rogpeppe/go-internal/txtar"

	"gokatas/grader/internal/verdict"
)

// A kata's fixes are kept next to its solution, as data (never as Go files that compile):
// wrong.txtar holds the wrong fixes a learner plausibly writes, each of which must fail;
// right.txtar holds correct fixes that differ from the reference, each of which must pass.
// In each archive a fix is a folder-like prefix NAME with a NAME/fix.toml and the whole
// learner file(s) after that fix, NAME/kata.go (see docs/authoring.md, "Wrong fixes").
const (
	WrongFixesFile = "wrong.txtar"
	RightFixesFile = "right.txtar"
	// MinWrongFixes is how many wrong fixes every kata needs.
	MinWrongFixes = 3
)

// Fix is one entry of wrong.txtar or right.txtar.
type Fix struct {
	Name    string `toml:"-"`
	What    string `toml:"what"`    // what the fix does, as the learner would say it
	Why     string `toml:"why"`     // why it is wrong in production (or right)
	Failure string `toml:"failure"` // the class it must get: a failure class, "vet", or "pass"
	Phrase  string `toml:"phrase"`  // what the learner must see (wrong fixes)
	// Explore (wrong fixes): the fix is caught the way the kata commands grade, a plain run
	// and perturbed ones, not by every plain run alone (package explore).
	Explore bool              `toml:"explore"`
	Files   map[string][]byte `toml:"-"` // learner file name -> its content after the fix
}

// Verdict is the verdict the fix must get: Pass for a right fix ("pass"), else its declared
// failure; "" when the word is neither.
func (f Fix) Verdict() verdict.Verdict {
	if f.Failure == "pass" {
		return verdict.Pass
	}
	v, _ := verdict.Declared(f.Failure)
	return v
}

var fixNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// LoadFixes reads and validates one of a kata's fix archives (WrongFixesFile or RightFixesFile)
// under the repository root. A missing archive is no fixes and no error.
func LoadFixes(root string, k *Kata, file string) ([]Fix, error) {
	path := filepath.Join(root, filepath.FromSlash(k.SolutionDir()), file)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return ParseFixes(k.SolutionDir()+"/"+file, k, file == WrongFixesFile, data)
}

// ParseFixes decodes a fix archive; name is used in error messages. Wrong fixes must declare a
// failure class and a phrase; right fixes must declare "pass".
func ParseFixes(name string, k *Kata, wrong bool, data []byte) ([]Fix, error) {
	ar := txtar.Parse(data)
	var fixes []*Fix
	byName := map[string]*Fix{}
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	for _, f := range ar.Files {
		dir, file, ok := strings.Cut(f.Name, "/")
		if !ok || !fixNameRE.MatchString(dir) {
			bad("%q: a file must be NAME/fix.toml or NAME/<learner file>, NAME in lower-case words joined by '-'", f.Name)
			continue
		}
		fx := byName[dir]
		if fx == nil {
			fx = &Fix{Name: dir, Files: map[string][]byte{}}
			byName[dir] = fx
			fixes = append(fixes, fx)
		}
		switch {
		case file == "fix.toml":
			var meta Fix
			md, err := toml.Decode(string(f.Data), &meta)
			if err != nil {
				bad("%s: %v", f.Name, err)
				continue
			}
			if und := md.Undecoded(); len(und) > 0 {
				bad("%s: unknown field %s", f.Name, und[0])
			}
			fx.What, fx.Why, fx.Failure, fx.Phrase, fx.Explore = meta.What, meta.Why, meta.Failure, meta.Phrase, meta.Explore
		case k.Editable(file):
			if _, dup := fx.Files[file]; dup {
				bad("%s appears twice", f.Name)
			}
			fx.Files[file] = f.Data
		default:
			bad("%s: %s is not a file the learner edits (files = %v)", f.Name, file, k.Files)
		}
	}
	out := make([]Fix, 0, len(fixes))
	for _, fx := range fixes {
		where := fmt.Sprintf("fix %q", fx.Name)
		if strings.TrimSpace(fx.What) == "" {
			bad("%s: 'what' is empty", where)
		}
		if strings.TrimSpace(fx.Why) == "" {
			bad("%s: 'why' is empty", where)
		}
		if len(fx.Files) == 0 {
			bad("%s: has no learner file", where)
		}
		if wrong {
			if v := fx.Verdict(); v == "" || v == verdict.Pass || v == verdict.BuildError {
				bad("%s: failure %q is not one of %s", where, fx.Failure, strings.Join(slices.DeleteFunc(verdict.Declarable(), func(c string) bool { return c == verdict.BuildError.Declaration() }), ", "))
			}
			if len(strings.Fields(fx.Phrase)) < 2 {
				bad("%s: 'phrase' must be a few words the learner sees (got %q)", where, fx.Phrase)
			}
		} else if fx.Failure != "pass" {
			bad("%s: a right fix must declare failure = \"pass\" (got %q)", where, fx.Failure)
		} else if fx.Explore {
			bad("%s: explore is for wrong fixes (a right fix passes perturbed runs anyway)", where)
		}
		out = append(out, *fx)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %s", name, strings.Join(errs, "; "))
	}
	return out, nil
}
