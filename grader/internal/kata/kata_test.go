package kata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const good = `format = 1

[[kata]]
name = "safe_counter"
dir = "15_safe_counter"
order = 15
title = "SafeCounter without its lock"
track = "mutex"
difficulty = 1
concepts = ["sync.Mutex"]
failure = "race"
files = ["kata.go"]
hints = ["a", "b", "c"]

[[kata]]
name = "double_locking"
dir = "31_double_locking"
order = 31
title = "Locked twice"
track = "blocking"
difficulty = 2
concepts = ["sync.Mutex"]
failure = "deadlock"
bug_class = "double locking"
points = 3
files = ["kata.go"]
hints = ["a", "b", "c"]
`

func TestParseGood(t *testing.T) {
	c, err := Parse("katas.toml", []byte(good))
	require.NoError(t, err)
	require.Len(t, c.Katas, 2)
	k := c.Katas[1]
	assert.Equal(t, "double locking", k.BugClass)
	assert.Equal(t, "katas/31_double_locking", k.KataDir())
	assert.Equal(t, "solutions/31_double_locking", k.SolutionDir())
	assert.True(t, k.Editable("kata.go"))
	assert.False(t, k.Editable("kata_test.go"))
	assert.Equal(t, []string{"mutex", "blocking"}, c.Tracks())
	assert.Same(t, k, c.Find("31"))
	assert.Same(t, k, c.Find("double_locking"))
	assert.Same(t, k, c.Find("31_double_locking"))
	assert.Nil(t, c.Find("nope"))
	assert.Equal(t, 3, k.Points())
	assert.Equal(t, DefaultPoints, c.Katas[0].Points(), "a kata without points scores the default")
}

func TestParseRejectsBadEntries(t *testing.T) {
	cases := []struct{ edit, want string }{
		{`hints = ["a", "b", "c"]` + "\n\n[[kata]]", "kata safe_counter: field hints: has 2, needs at least 3"},
		{`failure = "race"`, `kata safe_counter: field failure: "flaky" is not one of`},
		{`name = "safe_counter"`, "kata #1: field name: missing"},
		{`dir = "15_safe_counter"`, `field dir: "../etc" must look like NN_name`},
		{`order = 15`, "field order: 14 does not match the number of dir"},
		{`difficulty = 1`, "field difficulty: 7 is not 1, 2 or 3"},
		{`files = ["kata.go"]` + "\nhints", `field files: "kata_test.go" must be a non-test .go file`},
		{`concepts = ["sync.Mutex"]` + "\nfailure = \"race\"", "field concepts: missing"},
		{`points = 3`, "kata double_locking: field points: -2 is not between 1 and 100"},
	}
	replacement := map[string]string{
		`hints = ["a", "b", "c"]` + "\n\n[[kata]]":           `hints = ["a", "b"]` + "\n\n[[kata]]",
		`failure = "race"`:                                   `failure = "flaky"`,
		`name = "safe_counter"`:                              ``,
		`dir = "15_safe_counter"`:                            `dir = "../etc"`,
		`order = 15`:                                         `order = 14`,
		`difficulty = 1`:                                     `difficulty = 7`,
		`files = ["kata.go"]` + "\nhints":                    `files = ["kata_test.go"]` + "\nhints",
		`concepts = ["sync.Mutex"]` + "\nfailure = \"race\"": `failure = "race"`,
		`points = 3`:                                         `points = -2`,
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			src := strings.Replace(good, c.edit, replacement[c.edit], 1)
			require.NotEqual(t, good, src, "the edit applies")
			_, err := Parse("katas/katas.toml", []byte(src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "katas/katas.toml: ")
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestParseRejectsFormatAndUnknownFields(t *testing.T) {
	_, err := Parse("k.toml", []byte(strings.Replace(good, "format = 1", "format = 2", 1)))
	assert.ErrorContains(t, err, "format = 2, this grader reads format 1")
	_, err = Parse("k.toml", []byte(strings.Replace(good, `track = "mutex"`, "track = \"mutex\"\ncolour = \"red\"", 1)))
	assert.ErrorContains(t, err, `unknown field "kata.colour"`)
	_, err = Parse("k.toml", []byte("format = 1\n"))
	assert.ErrorContains(t, err, "no [[kata]] entries")
	_, err = Parse("k.toml", []byte("format = \n"))
	assert.ErrorContains(t, err, "k.toml:")
}

func TestValidRef(t *testing.T) {
	for _, ok := range []string{"1", "15", "safe_counter", "15_safe_counter"} {
		assert.True(t, ValidRef(ok), ok)
	}
	for _, bad := range []string{"", "../../etc", "katas/15", "a b", "/etc/passwd", "x;rm"} {
		assert.False(t, ValidRef(bad), bad)
	}
}

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "katas", "01_x", "deep"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "katas", "katas.toml"), []byte(good), 0o644))
	got, err := FindRoot(filepath.Join(root, "katas", "01_x", "deep"))
	require.NoError(t, err)
	want, _ := filepath.Abs(root)
	assert.Equal(t, want, got)
	_, err = FindRoot(t.TempDir())
	assert.ErrorIs(t, err, ErrNotInRepo)
}

// TestRepositoryMetadata loads the real catalogue: it must always be valid.
func TestRepositoryMetadata(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", "..", MetadataPath))
	require.NoError(t, err)
	assert.NotEmpty(t, c.Katas)
	for _, k := range c.Katas {
		// The course's own rule (the loader needs three): a question that says where to look,
		// what the tool output says, the mechanism, and nearly the code.
		assert.Len(t, k.Hints, 4, "kata %s: four progressive hints", k.Name)
	}
}
