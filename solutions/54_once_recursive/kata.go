// Kata 54: sync.Once, called again from inside.
//
// A service reads its settings lazily, on first use, from a file of
// "name = value" lines; a value may use other settings, as ${name}. This is
// the file to fix: make the tests in kata_test.go pass without changing them.
package oncerecursive

import (
	"errors"
	"os"
	"strings"
	"sync"
)

// ErrUnknown means the settings file has no setting of that name.
var ErrUnknown = errors.New("unknown setting")

// Settings loads the settings file on the first Get, once, however many
// goroutines ask at the same time.
type Settings struct {
	read   func() (string, error) // reads the settings file
	once   sync.Once
	values map[string]string
	err    error
}

// NewSettings returns settings that read will load on first use.
func NewSettings(read func() (string, error)) *Settings {
	return &Settings{read: read}
}

// Get returns the value of the setting name, with every ${other} in it
// replaced by the value of the setting other.
func (s *Settings) Get(name string) (string, error) {
	s.once.Do(s.load)
	if s.err != nil {
		return "", s.err
	}
	v, ok := s.values[name]
	if !ok {
		return "", ErrUnknown
	}
	return v, nil
}

// load reads and parses the settings file, then expands the references.
// It runs inside once.Do.
func (s *Settings) load() {
	text, err := s.read()
	if err != nil {
		s.err = err
		return
	}
	raw := parse(text)
	s.values = make(map[string]string, len(raw))
	for name := range raw {
		s.resolve(raw, name, 0)
	}
}

// resolve expands the setting name from the raw values and stores it. It is
// called from inside once.Do, so it must not call Get: a sync.Once whose
// function calls Do on the same Once waits for itself forever. It looks
// other settings up in the raw values instead, expanding them first.
func (s *Settings) resolve(raw map[string]string, name string, depth int) string {
	if v, ok := s.values[name]; ok {
		return v
	}
	v, ok := raw[name]
	if !ok || depth > len(raw) { // an unknown setting, or a cycle of references
		return ""
	}
	v = os.Expand(v, func(other string) string { return s.resolve(raw, other, depth+1) })
	s.values[name] = v
	return v
}

// parse reads "name = value" lines; blank lines and lines that start with #
// are skipped.
func parse(text string) map[string]string {
	values := make(map[string]string)
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		values[strings.TrimSpace(name)] = strings.TrimSpace(value)
	}
	return values
}
