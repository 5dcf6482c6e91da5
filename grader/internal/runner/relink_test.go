package runner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/buildscript"
)

// recipeModule is a module whose test logs what the code under test returns, so a test can see
// which version of the code a binary holds.
func recipeModule(t *testing.T) (Package, string) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"p/p.go":      "package p\n\nfunc F() int { return 1 }\n",
		"p/p_test.go": "package p\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { t.Logf(\"F=%d\", F()) }\n",
		"p/x_test.go": "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/p\"\n)\n\nfunc TestX(t *testing.T) { t.Logf(\"X=%d\", p.F()) }\n",
	})
	p, err := NewPackage(filepath.Join(dir, "p"))
	require.NoError(t, err)
	return p, filepath.Join(dir, "p", "p.go")
}

func buildOne(t *testing.T, p Package, opts BuildOptions) Built {
	t.Helper()
	opts.OutDir = t.TempDir()
	b, err := Build(context.Background(), []Package{p}, opts)
	require.NoError(t, err)
	require.Len(t, b, 1)
	return b[0]
}

func runLog(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "-test.v").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// recorded builds recipeModule once, which records its recipe in the returned cache folder.
func recorded(t *testing.T) (p Package, src, cache string) {
	t.Helper()
	p, src = recipeModule(t)
	cache = t.TempDir()
	require.NotEmpty(t, buildOne(t, p, BuildOptions{CacheDir: cache}).Binary)
	require.Len(t, recipes(t, cache), 1)
	return p, src, cache
}

func recipes(t *testing.T, cache string) []string {
	m, err := filepath.Glob(filepath.Join(cache, "*.recipe"))
	require.NoError(t, err)
	return m
}

func TestRecipeReplaysAnEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	p, src := recipeModule(t)
	cache := filepath.Join(t.TempDir(), "not", "made", "yet")
	opts := BuildOptions{Race: true, CacheDir: cache}

	first := buildOne(t, p, opts)
	require.NotEmpty(t, first.Binary)
	assert.False(t, first.Replayed, "the first build is the go command's")
	assert.Len(t, recipes(t, cache), 1, "and it leaves a recipe")
	assert.Contains(t, runLog(t, first.Binary), "F=1")

	writeFile(t, src, "package p\n\nfunc F() int { return 2 }\n")
	second := buildOne(t, p, opts)
	require.NotEmpty(t, second.Binary)
	assert.True(t, second.Replayed, "an edit of the code is built from the recipe")
	log := runLog(t, second.Binary)
	assert.Contains(t, log, "F=2", "the replayed binary holds the edit")
	assert.Contains(t, log, "X=2", "in the external test package too")

	// A new import changes the package's shape: the go command builds it, and records anew.
	writeFile(t, src, "package p\n\nimport \"strings\"\n\nfunc F() int { return len(strings.Repeat(\"x\", 3)) }\n")
	third := buildOne(t, p, opts)
	require.NotEmpty(t, third.Binary)
	assert.False(t, third.Replayed)
	assert.Contains(t, runLog(t, third.Binary), "F=3")

	writeFile(t, src, "package p\n\nimport \"strings\"\n\nfunc F() int { return len(strings.Repeat(\"x\", 4)) }\n")
	fourth := buildOne(t, p, opts)
	assert.True(t, fourth.Replayed, "the new recipe is used")
	assert.Contains(t, runLog(t, fourth.Binary), "F=4")
}

// The generated test main lists the tests: a new test is never missed.
func TestRecipeSeesANewTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	p, _, cache := recorded(t)

	writeFile(t, filepath.Join(p.Dir, "p_test.go"), "package p\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { t.Logf(\"F=%d\", F()) }\n\nfunc TestNew(t *testing.T) { t.Log(\"new test ran\") }\n")
	b := buildOne(t, p, BuildOptions{CacheDir: cache})
	require.NotEmpty(t, b.Binary)
	assert.False(t, b.Replayed, "a changed test file is the go command's to build")
	assert.Contains(t, runLog(t, b.Binary), "new test ran")
}

// A replayed build fails as the go command's does: the go command builds it again and reports.
func TestRecipeFailuresMatchTheGoCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	p, src, cache := recorded(t)

	for name, code := range map[string]string{
		"compile error": "package p\n\nfunc F() int { return \"one\" }\n",
		"vet finding":   "package p\n\nimport \"fmt\"\n\nfunc F() int { fmt.Printf(\"%d\\n\", \"one\"); return 1 }\n",
	} {
		t.Run(name, func(t *testing.T) {
			writeFile(t, src, code)
			with := buildOne(t, p, BuildOptions{CacheDir: cache})
			without := buildOne(t, p, BuildOptions{})
			assert.True(t, with.Failed)
			assert.False(t, with.Replayed)
			assert.Equal(t, without.Failed, with.Failed)
			assert.Equal(t, without.BuildOutput, with.BuildOutput)
			assert.NotEmpty(t, with.BuildOutput)
		})
	}
}

func TestRecipeWithAMissingDependencyFallsBack(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	p, src, cache := recorded(t)
	rs := recipes(t, cache)
	// As if Go's build cache had been trimmed: every dependency's compiled file is gone.
	data := readFile(t, rs[0])
	broken := strings.ReplaceAll(data, "packagefile testing=", "packagefile testing=/nonexistent")
	require.NotEqual(t, data, broken)
	writeFile(t, rs[0], broken)

	writeFile(t, src, "package p\n\nfunc F() int { return 5 }\n")
	b := buildOne(t, p, BuildOptions{CacheDir: cache})
	require.NotEmpty(t, b.Binary)
	assert.False(t, b.Replayed)
	assert.Contains(t, runLog(t, b.Binary), "F=5")
	assert.NotEqual(t, broken, readFile(t, rs[0]), "the go command's build recorded a fresh recipe")
}

// Overlay files live in a new temporary folder at every grading; a recipe names them by the
// file they stand for.
func TestRecipeFollowsTheOverlay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	p, src := recipeModule(t)
	cache := t.TempDir()
	build := func() Built {
		extra := filepath.Join(t.TempDir(), "extra.go")
		writeFile(t, extra, "package p\n\nimport \"testing\"\n\nfunc TestExtra(t *testing.T) { t.Logf(\"extra sees F=%d\", F()) }\n")
		target := filepath.Join(p.Dir, "zz_extra_test.go")
		overlay := filepath.Join(t.TempDir(), "overlay.json")
		writeFile(t, overlay, `{"Replace":{`+quote(target)+`:`+quote(extra)+`}}`)
		b := buildOne(t, p, BuildOptions{CacheDir: cache, Overlay: overlay, OverlayMap: map[string]string{target: extra}})
		require.NoError(t, os.Remove(extra), "gone with its grading")
		return b
	}
	first := build()
	assert.False(t, first.Replayed)
	assert.Contains(t, runLog(t, first.Binary), "extra sees F=1")

	writeFile(t, src, "package p\n\nfunc F() int { return 6 }\n")
	second := build()
	assert.True(t, second.Replayed)
	assert.Contains(t, runLog(t, second.Binary), "extra sees F=6", "the overlay file of this grading is compiled")
}

// Every build runs vet's concurrency checks: the go command's build through one `go vet`, a
// replayed build from the recorded vet configuration. Both see the overlay, and report at the
// file the overlay stands for.
func TestBuildsRunTheConcurrencyChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries")
	}
	p, src := recipeModule(t)
	fatal := filepath.Join(t.TempDir(), "fatal.go")
	writeFile(t, fatal, "package p\n\nimport \"testing\"\n\nfunc TestGo(t *testing.T) {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdefer close(done)\n\t\tif F() < 0 {\n\t\t\tt.Fatal(\"negative\")\n\t\t}\n\t}()\n\t<-done\n}\n")
	target := filepath.Join(p.Dir, "zz_go_test.go")
	overlay := filepath.Join(t.TempDir(), "overlay.json")
	writeFile(t, overlay, `{"Replace":{`+quote(target)+`:`+quote(fatal)+`}}`)
	opts := BuildOptions{CacheDir: t.TempDir(), Overlay: overlay, OverlayMap: map[string]string{target: fatal}}

	check := func(b Built, how string) {
		t.Helper()
		require.True(t, b.VetRan, how)
		require.Len(t, b.Vet, 1, how)
		assert.Equal(t, "testinggoroutine", b.Vet[0].Analyzer, how)
		assert.True(t, strings.HasPrefix(b.Vet[0].Posn, target+":10:"), "%s: reported at the file the overlay stands for: %s", how, b.Vet[0].Posn)
		assert.Contains(t, b.Vet[0].Message, "call to (*testing.T).Fatal from a non-test goroutine", how)
	}
	first := buildOne(t, p, opts)
	require.NotEmpty(t, first.Binary)
	require.False(t, first.Replayed)
	check(first, "go command")

	writeFile(t, src, "package p\n\nimport \"sync\"\n\nfunc F() int { return 7 }\n\nfunc G(wg sync.WaitGroup) {}\n")
	second := buildOne(t, p, opts)
	if !second.Replayed {
		// A new import changes the package's shape: the go command builds it again.
		require.True(t, second.VetRan)
	}
	require.True(t, second.VetRan)
	var analyzers []string
	for _, d := range second.Vet {
		analyzers = append(analyzers, d.Analyzer)
	}
	assert.Contains(t, analyzers, "copylocks", "a WaitGroup passed by value")

	writeFile(t, src, "package p\n\nimport \"sync\"\n\nfunc F() int { return 8 }\n\nfunc G(wg *sync.WaitGroup) {}\n")
	third := buildOne(t, p, opts)
	require.True(t, third.Replayed, "only the code changed: the recipe is replayed")
	check(third, "replayed build")

	cached := buildOne(t, p, opts)
	require.True(t, cached.VetRan, "a cached binary keeps its vet report")
	assert.Equal(t, third.Vet, cached.Vet)
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// A dependency the go command compiled in the recorded run lives in its work folder, which is
// gone at the next build: such a run makes no recipe.
func TestRecipeNeverNamesAnotherStepsOutput(t *testing.T) {
	p, src := recipeModule(t)
	work := t.TempDir()
	record := func(fmtFile string) *recipe {
		writeFile(t, filepath.Join(work, "b002", "importcfg"), "packagefile fmt="+fmtFile+"\n")
		writeFile(t, filepath.Join(work, "b002", "vet.cfg"), `{"VetxOutput": "`+work+`/b002/vet.out"}`)
		writeFile(t, filepath.Join(work, "b001", "importcfg"), "packagefile example.com/m/p="+work+"/b002/_pkg_.a\n")
		writeFile(t, filepath.Join(work, "b001", "_testmain.go"), "package main\n")
		writeFile(t, filepath.Join(work, "b001", "importcfg.link"), "packagefile example.com/m/p="+work+"/b002/_pkg_.a\npackagefile fmt="+fmtFile+"\n")
		sp := &buildscript.Parser{Root: filepath.Dir(p.Dir), Work: work, Commands: []buildscript.Command{
			{ImportPath: "example.com/m/p", Tool: "compile", Dir: p.Dir, Args: []string{"/go/pkg/tool/compile", "-o", "$WORK/b002/_pkg_.a", "-importcfg", "$WORK/b002/importcfg", "-pack", src}},
			{ImportPath: "example.com/m/p", Tool: "vet", Dir: p.Dir, Args: []string{"/go/pkg/tool/vet", "$WORK/b002/vet.cfg"}},
			{ImportPath: "example.com/m/p.test", Tool: "compile", Dir: p.Dir, Args: []string{"/go/pkg/tool/compile", "-o", "$WORK/b001/_pkg_.a", "-importcfg", "$WORK/b001/importcfg", "-pack", "$WORK/b001/_testmain.go"}},
			{ImportPath: "example.com/m/p.test", Tool: "link", Dir: p.Dir, Args: []string{"/go/pkg/tool/link", "-o", "$WORK/b001/p.test", "-importcfg", "$WORK/b001/importcfg.link", "$WORK/b001/_pkg_.a"}},
		}}
		return makeRecipe(sp, p, BuildOptions{})
	}
	r := record(filepath.Join(t.TempDir(), "go-build", "ab", "abcdef-d"))
	require.NotNil(t, r, "dependencies from Go's build cache")
	assert.Equal(t, "$WORK/b001/p.test", r.Binary)
	assert.Contains(t, r.Files["b001/importcfg.link"], "packagefile example.com/m/p=$WORK/b002/_pkg_.a")

	assert.Nil(t, record(filepath.Join(work, "b050", "_pkg_.a")), "fmt built in the work folder")
}

// Only compile, vet and link can be replayed: a build that ran anything else for the package
// (cgo's gcc, the script's cp) makes no recipe, nor does one whose script could not be read.
func TestReplayableSteps(t *testing.T) {
	ok := &buildscript.Parser{Commands: []buildscript.Command{{ImportPath: "p.test", Tool: "link"}, {ImportPath: "p", Tool: "compile"}}}
	steps, replay := replayable(ok)
	require.True(t, replay)
	assert.Equal(t, []step{{Tool: "link", Main: true}, {Tool: "compile"}}, steps)
	_, replay = replayable(&buildscript.Parser{Commands: []buildscript.Command{{ImportPath: "p", Tool: "gcc"}}})
	assert.False(t, replay)
	_, replay = replayable(&buildscript.Parser{Unreadable: true})
	assert.False(t, replay)
}
