package tamper

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/kata"
)

const meta = `format = 1

[[kata]]
name = "counter"
dir = "01_counter"
order = 1
title = "A counter"
track = "basics"
difficulty = 1
concepts = ["sync.Mutex"]
failure = "race"
files = ["kata.go"]
hints = ["a", "b", "c"]
`

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

func course() map[string]string {
	return map[string]string{
		"go.mod":                          "module m\n\ngo 1.26\n",
		"katas/katas.toml":                meta,
		"katas/01_counter/kata.go":        "package counter\n",
		"katas/01_counter/kata_test.go":   "package counter\n// the test\n",
		"katas/01_counter/helper_test.go": "package counter\n// a helper\n",
		"katas/01_counter/README.md":      "# A counter\n",
		"grader/main.go":                  "package main\n",
		"grader/internal/cli/cli.go":      "package cli\n",
		".github/workflows/classroom.yml": "name: classroom\n",
		".github/classroom/grade.sh":      "#!/bin/sh\n",
	}
}

func TestCompare(t *testing.T) {
	cat, err := kata.Parse("katas.toml", []byte(meta))
	require.NoError(t, err)
	c, l := t.TempDir(), t.TempDir()
	write(t, c, course())
	write(t, l, course())

	res, err := Compare(c, l, cat)
	require.NoError(t, err)
	assert.Empty(t, res.Diffs, "an untouched clone")
	assert.Equal(t, 8, res.Compared, "every file but the README and the learner's kata.go (go.sum is in neither)")

	// The learner's own work is not tampering.
	write(t, l, map[string]string{"katas/01_counter/kata.go": "package counter\n// fixed\n", "katas/01_counter/README.md": "notes\n", "notes.txt": "mine\n"})
	res, err = Compare(c, l, cat)
	require.NoError(t, err)
	assert.Empty(t, res.Diffs)

	write(t, l, map[string]string{
		"grader/internal/cli/cli.go":      "package cli\n// everything passes\n",
		"grader/internal/cli/extra.go":    "package cli\n",
		"katas/01_counter/kata_test.go":   "package counter\n",
		"go.mod":                          "module m\n\ngo 1.26\n\nreplace go.uber.org/goleak => ./fake\n",
		"go.work":                         "go 1.26\n",
		"vendor/modules.txt":              "",
		".github/workflows/classroom.yml": "name: classroom\non: never\n",
		"katas/katas.toml":                meta + "\n# edited\n",
	})
	require.NoError(t, os.Remove(filepath.Join(l, "grader", "main.go")))
	require.NoError(t, os.Remove(filepath.Join(l, "katas", "01_counter", "helper_test.go")))
	res, err = Compare(c, l, cat)
	require.NoError(t, err)
	assert.Equal(t, []Diff{
		{".github/workflows/classroom.yml", Changed},
		{"go.mod", Changed},
		{"grader/internal/cli/cli.go", Changed},
		{"grader/internal/cli/extra.go", Added},
		{"grader/main.go", Missing},
		{"katas/01_counter/helper_test.go", Missing},
		{"katas/01_counter/kata_test.go", Changed},
		{"katas/katas.toml", Changed},
		{"go.work", Added},
		{"vendor", Added},
	}, res.Diffs)
	assert.Equal(t, "changed grader/internal/cli/cli.go", res.Diffs[2].String())
}
