package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/verdict"
)

// Version is the state file format this package writes.
const Version = 1

// Path is the state file, relative to the repository root.
const Path = ".grader/state.json"

// Kata is what is remembered about one kata.
type Kata struct {
	Verdict    verdict.Verdict `json:"verdict,omitempty"` // the last grading's verdict; "" if never graded
	Graded     time.Time       `json:"graded,omitzero"`
	HintsShown int             `json:"hints_shown,omitempty"`
	Failures   int             `json:"failures,omitempty"`  // failing gradings in a row
	Diagnosis  string          `json:"diagnosis,omitempty"` // the last grading's first finding, in one line
}

// State is the whole file.
type State struct {
	Version int              `json:"version"`
	Current string           `json:"current,omitempty"`
	Katas   map[string]*Kata `json:"katas"`

	path string
}

// Load reads the state of the repository at root. A missing file gives an empty state. A file
// that cannot be read as a state gives an empty state and a non-nil problem to report.
func Load(root string) (st *State, problem error) {
	path := filepath.Join(root, filepath.FromSlash(Path))
	st = &State{Version: Version, Katas: map[string]*Kata{}, path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("cannot read the progress file %s (%v): starting from an empty one", Path, err)
	}
	var loaded State
	if err := json.Unmarshal(data, &loaded); err != nil || loaded.Version != Version {
		reason := "it is not a version-1 progress file"
		if err != nil {
			reason = "it is corrupt"
		}
		return st, fmt.Errorf("the progress file %s was ignored (%s): progress will be rebuilt from grading", Path, reason)
	}
	if loaded.Katas == nil {
		loaded.Katas = map[string]*Kata{}
	}
	loaded.path = path
	return &loaded, nil
}

// Rename moves the entry of a kata that was called from to its new name to, unless the new
// name has an entry already; the current kata follows. It reports whether anything moved.
func (s *State) Rename(from, to string) bool {
	moved := false
	if e, ok := s.Katas[from]; ok {
		if _, taken := s.Katas[to]; !taken {
			s.Katas[to] = e
			moved = true
		}
		delete(s.Katas, from)
	}
	if s.Current == from {
		s.Current = to
		moved = true
	}
	return moved
}

// Kata returns the entry for name, creating it.
func (s *State) Kata(name string) *Kata {
	k := s.Katas[name]
	if k == nil {
		k = &Kata{}
		s.Katas[name] = k
	}
	return k
}

// Record stores a grading's verdict and its diagnosis in one line ("" when it passes).
func (s *State) Record(name string, v verdict.Verdict, diagnosis string, at time.Time) {
	k := s.Kata(name)
	k.Verdict = v
	k.Diagnosis = diagnosis
	k.Graded = at.UTC().Truncate(time.Second)
	if v == verdict.Pass {
		k.Failures = 0
	} else {
		k.Failures++
	}
}

// Save writes the state atomically: a temporary file next to it, then a rename.
func (s *State) Save() error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(s.path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	return nil
}

// Update loads the state, applies change and saves it, holding a lock on .grader/lock so that
// two graders running at once apply their changes one after the other and lose none. A problem
// with the existing file is returned as in Load, after the state was rebuilt and saved.
func Update(root string, change func(*State)) (problem error, err error) {
	dir := filepath.Join(root, filepath.Dir(filepath.FromSlash(Path)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("saving progress: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("saving progress: %w", err)
	}
	defer lock.Close()
	if err := lockFile(lock); err != nil {
		return nil, fmt.Errorf("locking the progress file: %w", err)
	}
	defer unlockFile(lock)
	st, problem := Load(root)
	change(st)
	return problem, st.Save()
}
