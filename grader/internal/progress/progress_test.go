package progress

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/verdict"
)

func TestRoundTrip(t *testing.T) {
	root := t.TempDir()
	st, problem := Load(root)
	require.NoError(t, problem)
	assert.Empty(t, st.Katas)
	st.Current = "safe_counter"
	st.Record("safe_counter", "race", "data race on c.v", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	st.Record("safe_counter", "race", "data race on c.v", time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC))
	st.Kata("safe_counter").HintsShown = 2
	require.NoError(t, st.Save())

	again, problem := Load(root)
	require.NoError(t, problem)
	assert.Equal(t, "safe_counter", again.Current)
	k := again.Katas["safe_counter"]
	require.NotNil(t, k)
	assert.Equal(t, verdict.Race, k.Verdict)
	assert.Equal(t, 2, k.Failures)
	assert.Equal(t, 2, k.HintsShown)

	again.Record("safe_counter", "pass", "", time.Now())
	assert.Equal(t, 0, again.Katas["safe_counter"].Failures)

	// Only the state file is left: the temporary file was renamed over it.
	entries, err := os.ReadDir(filepath.Join(root, ".grader"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "state.json", entries[0].Name())
}

func TestCorruptAndForeignFiles(t *testing.T) {
	for name, content := range map[string]string{
		"corrupt": `{"version": 1, "katas": {`,
		"foreign": `{"version": 7, "katas": {}}`,
		"garbage": "\x00\x01",
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.MkdirAll(filepath.Join(root, ".grader"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, Path), []byte(content), 0o644))
			st, problem := Load(root)
			require.Error(t, problem)
			assert.Contains(t, problem.Error(), "was ignored")
			assert.Empty(t, st.Katas, "an empty state replaces it")
			require.NoError(t, st.Save(), "and can be saved over it")
		})
	}
}

func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	root := t.TempDir()
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := Update(root, func(st *State) {
				st.Record(fmt.Sprintf("kata%d", i), "pass", "", time.Now())
			})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	st, problem := Load(root)
	require.NoError(t, problem)
	assert.Len(t, st.Katas, n, "every update is kept")
}

func TestRenameKeepsTheNewerEntry(t *testing.T) {
	st, _ := Load(t.TempDir())
	st.Kata("old").HintsShown = 2
	st.Current = "old"
	assert.True(t, st.Rename("old", "new"))
	assert.Equal(t, 2, st.Katas["new"].HintsShown, "the entry moves to the new name")
	assert.NotContains(t, st.Katas, "old")
	assert.Equal(t, "new", st.Current, "the current kata follows")
	assert.False(t, st.Rename("old", "new"), "nothing left to move")

	st.Kata("old").HintsShown = 1
	st.Rename("old", "new")
	assert.Equal(t, 2, st.Katas["new"].HintsShown, "an entry under the new name is never overwritten")
}
