package kata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

const goodReadme = "# Title\n\nStory.\n\n## Your goal\nx\n\n## What to look for\nx\n\n## How it is caught\nx\n\n## Run it\nx\n\n## Read more\nx\n"

func TestCheckFilesAcceptsAKataThatKeepsTheContract(t *testing.T) {
	root := t.TempDir()
	test := "package x\n\nfunc TestMain(m *testing.M) { goleak.VerifyTestMain(m) }\n"
	writeTree(t, root, map[string]string{
		"katas/01_x/README.md":        goodReadme,
		"katas/01_x/kata.go":          "package x // the bug\n",
		"katas/01_x/kata_test.go":     test,
		"solutions/01_x/kata.go":      "package x // the fix\n",
		"solutions/01_x/kata_test.go": test,
	})
	k := &Kata{Dir: "01_x", Files: []string{"kata.go"}}
	assert.Empty(t, k.CheckFiles(root))
	assert.Equal(t, map[string]string{
		filepath.Join(root, "katas", "01_x", "kata.go"): filepath.Join(root, "solutions", "01_x", "kata.go"),
	}, SolutionOverlay(root, []*Kata{k}))
}

func TestCheckFilesNamesEveryViolation(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"katas/01_x/README.md":        strings.Replace(goodReadme, "## Run it", "## Running", 1),
		"katas/01_x/kata.go":          "package x\n",
		"katas/01_x/kata_test.go":     "package x\n\nfunc TestX(t *testing.T) { time.Sleep(time.Second) }\n",
		"solutions/01_x/kata.go":      "package x\n",
		"solutions/01_x/kata_test.go": "package x // an edited copy\n",
		"solutions/01_x/extra.go":     "package x\n",
	})
	k := &Kata{Dir: "01_x", Files: []string{"kata.go"}}
	got := strings.Join(k.CheckFiles(root), "\n")
	for _, want := range []string{
		`README.md lacks the section "## Run it"`,
		"kata_test.go calls time.Sleep",
		"no TestMain calling goleak.VerifyTestMain(m)",
		"kata.go is the same in the kata and the solution",
		"solutions/01_x/kata_test.go differs from katas/01_x/kata_test.go",
		"solutions/01_x/extra.go is not a file of the kata",
	} {
		assert.Contains(t, got, want)
	}
	assert.Equal(t, []string{"folder katas/02_y is missing"}, (&Kata{Dir: "02_y"}).CheckFiles(root))
}
