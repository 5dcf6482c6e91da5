package kata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"gokatas/grader/internal/verdict"
)

// FormatVersion is the metadata format this grader reads.
const FormatVersion = 1

// MetadataPath is the metadata file, relative to the repository root.
const MetadataPath = "katas/katas.toml"

// The failure a kata declares (failure = "...") is how its unfixed stub fails: one of the
// words verdict.Declarable lists ("race", "deadlock", ..., "build" for a compile error).

// Kata is one entry of the metadata file.
type Kata struct {
	Name       string   `toml:"name"`
	Dir        string   `toml:"dir"`
	Order      int      `toml:"order"`
	Title      string   `toml:"title"`
	Track      string   `toml:"track"`
	Difficulty int      `toml:"difficulty"`
	Concepts   []string `toml:"concepts"`
	Failure    string   `toml:"failure"`
	BugClass   string   `toml:"bug_class"`
	Files      []string `toml:"files"`
	Hints      []string `toml:"hints"`
	// Diagnosis is what the stub's diagnosis must show in every run (checked by dev check).
	Diagnosis Expect `toml:"diagnosis"`
	// Former are names the kata had before (a kata renamed when the course was renumbered): a
	// learner's progress and a reference by an old name follow the kata.
	Former []string `toml:"former"`
	// PointsField is what a passing kata scores in GitHub Classroom (`points = N`, 1 to 100);
	// absent, the kata scores DefaultPoints. Read it through Points.
	PointsField int `toml:"points"`
}

// DefaultPoints is what a passing kata scores when its metadata says no `points`.
const DefaultPoints = 1

// MaxPoints bounds the points one kata may score.
const MaxPoints = 100

// Points is what the kata scores in GitHub Classroom when it passes.
func (k *Kata) Points() int {
	if k.PointsField == 0 {
		return DefaultPoints
	}
	return k.PointsField
}

// Expect is what a diagnosis must show: a location at the bug and a phrase.
type Expect struct {
	// At is a place in the learner's file: "kata.go:21" or a range "kata.go:19-23"; a finding
	// must name a line in it (the cause, not only the symptom).
	At string `toml:"at"`
	// Phrase is a few words the learner must read in the diagnosis.
	Phrase string `toml:"phrase"`
}

var atRE = regexp.MustCompile(`^([A-Za-z0-9_]+\.go):([0-9]+)(?:-([0-9]+))?$`)

// Place splits At into its file and line range; ok is false when At is malformed or empty.
func (e Expect) Place() (file string, from, to int, ok bool) {
	m := atRE.FindStringSubmatch(e.At)
	if m == nil {
		return "", 0, 0, false
	}
	from, _ = strconv.Atoi(m[2])
	to = from
	if m[3] != "" {
		to, _ = strconv.Atoi(m[3])
	}
	return m[1], from, to, from >= 1 && to >= from
}

// KataDir is the kata's folder relative to the repository root, with forward slashes.
func (k *Kata) KataDir() string { return "katas/" + k.Dir }

// SolutionDir is the folder of the kata's reference solution, relative to the repository root.
func (k *Kata) SolutionDir() string { return "solutions/" + k.Dir }

// ReadmePath is the kata's README, relative to the repository root.
func (k *Kata) ReadmePath() string { return k.KataDir() + "/README.md" }

// Editable reports whether the learner may edit the file (a name inside the kata folder).
func (k *Kata) Editable(name string) bool { return slices.Contains(k.Files, name) }

// Catalogue is the loaded metadata: every kata in course order.
type Catalogue struct {
	Format int     `toml:"format"`
	Katas  []*Kata `toml:"kata"`
}

// Find returns the kata with the given name or course number ("7", "07"), or nil.
func (c *Catalogue) Find(ref string) *Kata {
	for _, k := range c.Katas {
		if k.Name == ref || k.Dir == ref {
			return k
		}
	}
	for _, k := range c.Katas {
		if slices.Contains(k.Former, ref) {
			return k
		}
	}
	if n, err := strconv.Atoi(ref); err == nil {
		for _, k := range c.Katas {
			if k.Order == n {
				return k
			}
		}
	}
	return nil
}

// Tracks returns the track names in course order, each once.
func (c *Catalogue) Tracks() []string {
	var tracks []string
	for _, k := range c.Katas {
		if !slices.Contains(tracks, k.Track) {
			tracks = append(tracks, k.Track)
		}
	}
	return tracks
}

var (
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	dirRE  = regexp.MustCompile(`^([0-9]{2})_([a-z][a-z0-9_]*)$`)
	fileRE = regexp.MustCompile(`^[A-Za-z0-9_]+\.go$`)
)

// ValidRef reports whether s is acceptable as a kata reference on the command line:
// a name or a number, never a path.
func ValidRef(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	if _, err := strconv.Atoi(s); err == nil {
		return true
	}
	return nameRE.MatchString(s) || dirRE.MatchString(s)
}

// Load reads and validates the metadata file at path.
func Load(path string) (*Catalogue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading kata metadata: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates metadata; path is used in error messages only.
func Parse(path string, data []byte) (*Catalogue, error) {
	var c Catalogue
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		return nil, fmt.Errorf("%s: unknown field %q", path, undec[0].String())
	}
	if c.Format != FormatVersion {
		return nil, fmt.Errorf("%s: format = %d, this grader reads format %d", path, c.Format, FormatVersion)
	}
	if len(c.Katas) == 0 {
		return nil, fmt.Errorf("%s: no [[kata]] entries", path)
	}
	var errs []error
	seen := map[string]bool{}
	for i, k := range c.Katas {
		id := k.Name
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
		}
		bad := func(field, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: kata %s: field %s: %s", path, id, field, fmt.Sprintf(format, args...)))
		}
		switch {
		case k.Name == "":
			bad("name", "missing")
		case !nameRE.MatchString(k.Name):
			bad("name", "%q must be lower-case letters, digits and _", k.Name)
		case seen["name:"+k.Name]:
			bad("name", "%q is used by another kata", k.Name)
		}
		seen["name:"+k.Name] = true
		for _, f := range k.Former {
			if !nameRE.MatchString(f) || f == k.Name {
				bad("former", "%q must be an earlier name of this kata, lower-case letters, digits and _", f)
			}
		}
		m := dirRE.FindStringSubmatch(k.Dir)
		switch {
		case k.Dir == "":
			bad("dir", "missing")
		case m == nil:
			bad("dir", "%q must look like NN_name", k.Dir)
		case seen["dir:"+k.Dir]:
			bad("dir", "%q is used by another kata", k.Dir)
		}
		seen["dir:"+k.Dir] = true
		if m != nil {
			if n, _ := strconv.Atoi(m[1]); n != k.Order {
				bad("order", "%d does not match the number of dir %q", k.Order, k.Dir)
			}
		}
		if k.Order <= 0 {
			bad("order", "missing or not positive")
		} else if i > 0 && k.Order <= c.Katas[i-1].Order {
			bad("order", "%d is not after the previous kata's %d: list katas in course order", k.Order, c.Katas[i-1].Order)
		}
		if strings.TrimSpace(k.Title) == "" {
			bad("title", "missing")
		}
		if strings.TrimSpace(k.Track) == "" {
			bad("track", "missing")
		}
		if k.Difficulty < 1 || k.Difficulty > 3 {
			bad("difficulty", "%d is not 1, 2 or 3", k.Difficulty)
		}
		if len(k.Concepts) == 0 {
			bad("concepts", "missing")
		}
		if _, ok := verdict.Declared(k.Failure); !ok {
			bad("failure", "%q is not one of %s", k.Failure, strings.Join(verdict.Declarable(), ", "))
		}
		if len(k.Files) == 0 {
			bad("files", "missing: list the files the learner edits")
		}
		for _, f := range k.Files {
			if !fileRE.MatchString(f) || strings.HasSuffix(f, "_test.go") {
				bad("files", "%q must be a non-test .go file name inside the kata folder", f)
			}
		}
		if k.Diagnosis.At != "" {
			if f, _, _, ok := k.Diagnosis.Place(); !ok {
				bad("diagnosis.at", "%q is not FILE:LINE or FILE:FROM-TO", k.Diagnosis.At)
			} else if !k.Editable(f) {
				bad("diagnosis.at", "%s is not a file the learner edits", f)
			}
		}
		if k.PointsField < 0 || k.PointsField > MaxPoints {
			bad("points", "%d is not between 1 and %d", k.PointsField, MaxPoints)
		}
		if len(k.Hints) < 3 {
			bad("hints", "has %d, needs at least 3", len(k.Hints))
		}
		for j, h := range k.Hints {
			if strings.TrimSpace(h) == "" {
				bad("hints", "hint %d is empty", j+1)
			}
		}
	}
	for _, k := range c.Katas {
		for _, f := range k.Former {
			if seen["name:"+f] {
				errs = append(errs, fmt.Errorf("%s: kata %s: field former: %q is the name of another kata", path, k.Name, f))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &c, nil
}

// ErrNotInRepo is returned by FindRoot outside a kata repository.
var ErrNotInRepo = errors.New("not inside the kata repository")

// FindRoot walks up from dir to the folder that holds the kata metadata file.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(MetadataPath))); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotInRepo
		}
		dir = parent
	}
}

// Verdict is the verdict the kata's stub must get: its declared failure.
func (k *Kata) Verdict() verdict.Verdict {
	v, _ := verdict.Declared(k.Failure)
	return v
}
