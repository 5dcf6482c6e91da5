package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBinaryCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"p/p.go":      "package p\n\nfunc F() int { return 1 }\n",
		"p/p_test.go": "package p\nimport \"testing\"\nfunc TestF(t *testing.T) { F() }\n",
		"q/q.go":      "package q\n\nimport \"example.com/m/p\"\n\nfunc G() int { return p.F() }\n",
		"q/q_test.go": "package q\nimport \"testing\"\nfunc TestG(t *testing.T) { G() }\n",
	})
	cache := t.TempDir()
	build := func() []Built {
		var pkgs []Package
		for _, d := range []string{"p", "q"} {
			p, err := NewPackage(filepath.Join(dir, d))
			require.NoError(t, err)
			pkgs = append(pkgs, p)
		}
		b, err := Build(context.Background(), pkgs, BuildOptions{OutDir: t.TempDir(), CacheDir: cache})
		require.NoError(t, err)
		return b
	}
	first := build()
	assert.True(t, strings.HasPrefix(first[0].Binary, cache), "p is self-contained: its binary is kept")
	assert.False(t, strings.HasPrefix(first[1].Binary, cache), "q imports its own module: never cached")

	again := build()
	assert.Equal(t, first[0].Binary, again[0].Binary, "nothing changed: the same binary is reused")

	writeFile(t, filepath.Join(dir, "p", "p.go"), "package p\n\nfunc F() int { return 2 }\n")
	changed := build()
	assert.NotEqual(t, first[0].Binary, changed[0].Binary, "an edit gives a new key")
	_, err := os.Stat(changed[0].Binary)
	assert.NoError(t, err)
}

// Every setting the replayed compiler and linker read from the environment is part of the cache
// and recipe keys: a build made with other settings (GOFIPS140=v1.0.0, GOAMD64=v3) is never
// replayed or reused.
func TestToolSettingsAreKeyed(t *testing.T) {
	for _, k := range toolEnvKeys {
		assert.Contains(t, goEnvKeys, k)
	}
	assert.Contains(t, toolEnvKeys, "GOFIPS140", "the linker reads GOFIPS140: it selects the FIPS 140 module")
}

// Pruning keeps the most recently used entries: maxCached of them, or as many as the grading
// that prunes has just used, so that a grading of more packages than maxCached keeps them all.
func TestPrune(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i := range maxCached + 40 {
		p := filepath.Join(dir, fmt.Sprintf("k%03d.test%s", i, exeSuffix))
		require.NoError(t, os.WriteFile(p, nil, 0o755))
		at := old.Add(time.Duration(i) * time.Second) // k000 is the least recently used
		require.NoError(t, os.Chtimes(p, at, at))
	}
	count := func() int {
		es, err := os.ReadDir(dir)
		require.NoError(t, err)
		return len(es)
	}
	Prune(dir, maxCached+40)
	assert.Equal(t, maxCached+40, count(), "a grading keeps every binary it used")
	Prune(dir, 10)
	assert.Equal(t, maxCached, count(), "otherwise the cache keeps maxCached")
	_, err := os.Stat(filepath.Join(dir, fmt.Sprintf("k%03d.test%s", maxCached+39, exeSuffix)))
	assert.NoError(t, err, "the most recently used stay")
	_, err = os.Stat(filepath.Join(dir, "k000.test"+exeSuffix))
	assert.True(t, os.IsNotExist(err), "the least recently used go")
	Prune("", 0) // no cache: nothing to do
}
