package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/kata"
)

// TestClassOfGradedLearners grades five learners' clones with different katas solved (the
// first four katas of the course, with the course's grader: verify --repo), and makes the
// class page and CSV from their JSON lines.
func TestClassOfGradedLearners(t *testing.T) {
	if testing.Short() {
		t.Skip("grades four real katas for each of five learners")
	}
	root := courseRoot(t)
	cat, err := kata.Load(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)))
	require.NoError(t, err)
	ks := cat.Katas[:4]
	refs := []string{ks[0].Name, ks[1].Name, ks[2].Name, ks[3].Name}
	solved := map[string][]int{ // learner -> the katas (indexes into ks) they solved
		"ada": {}, "ben": {0}, "cy": {0, 1}, "dee": {0, 1, 3}, "eli": {0, 1, 2, 3},
	}
	results := t.TempDir()
	for name, idx := range solved {
		var dirs []string
		for _, i := range idx {
			dirs = append(dirs, ks[i].Dir)
		}
		learner := learnerClone(t, root, dirs...)
		var out, errOut bytes.Buffer
		env := &Env{Stdout: &out, Stderr: &errOut, Dir: root, Getenv: func(string) string { return "" }}
		status := run(context.Background(), env, append([]string{"verify", "--repo", learner, "--json"}, refs...))
		want := ExitFail
		if len(idx) == len(ks) {
			want = ExitOK
		}
		require.Equal(t, want, status, "%s: %s", name, errOut.String())
		require.NoError(t, os.WriteFile(filepath.Join(results, name+".jsonl"), out.Bytes(), 0o644))
	}

	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Dir: root, Getenv: func(string) string { return "" }}
	args := []string{"class", "--html", filepath.Join(results, "class.html"), "--csv", filepath.Join(results, "class.csv")}
	for name := range solved {
		args = append(args, filepath.Join(results, name+".jsonl"))
	}
	require.Equal(t, ExitOK, run(context.Background(), env, args), errOut.String())
	assert.Empty(t, errOut.String(), "the same course, no bad input")
	assert.Contains(t, out.String(), "(5 learners, "+strconv.Itoa(len(cat.Katas))+" katas)")

	data, err := os.ReadFile(filepath.Join(results, "class.csv"))
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 6)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, rec := range recs[1:] {
		name := rec[0]
		idx := solved[name]
		assert.Equal(t, strconv.Itoa(len(idx)), rec[col["done"]], name)
		for i, k := range ks {
			v := rec[col[k.Dir]]
			if slices.Contains(idx, i) {
				assert.Equal(t, "pass", v, "%s %s", name, k.Name)
			} else {
				assert.Equal(t, string(k.Verdict()), v, "%s %s: the stub fails as declared", name, k.Name)
			}
		}
		assert.Empty(t, rec[col[cat.Katas[4].Dir]], "%s: kata 5 was not graded", name)
	}

	page, err := os.ReadFile(filepath.Join(results, "class.html"))
	require.NoError(t, err)
	assert.Equal(t, 5, strings.Count(string(page), `<td class="p">`), "a row per learner")
	assert.Contains(t, string(page), "5 learners · "+strconv.Itoa(len(cat.Katas))+" katas · 10 of ")
}
