package runner

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
