package render

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/browsertest"
	"gokatas/grader/internal/class"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/verdict"
)

// TestBrowserClass renders the class page of a synthetic class of 300 learners on the course's
// katas in a real headless Chromium: the DOM it builds has the whole grid, the screenshot
// shows the verdicts' colours, and the page prints. `make test` runs it when Chromium is
// installed; `make test-browser` (GRADER_BROWSER_TEST=1) requires it.
func TestBrowserClass(t *testing.T) {
	chromium := browsertest.Chromium(t)
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	cat, err := kata.Load(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)))
	require.NoError(t, err)

	dir := t.TempDir()
	var paths []string
	for name, data := range class.Synthetic(cat, "c0ffee", 300, 1) {
		p := filepath.Join(dir, name+".jsonl")
		require.NoError(t, os.WriteFile(p, data, 0o644))
		paths = append(paths, p)
	}
	c, err := class.Read(paths, cat, "c0ffee", nil)
	require.NoError(t, err)
	require.Empty(t, c.Problems)
	var b bytes.Buffer
	require.NoError(t, ClassHTML(&b, c, time.Now()))
	page := filepath.Join(dir, "class.html")
	require.NoError(t, os.WriteFile(page, b.Bytes(), 0o644))

	// The DOM as Chromium built it: every learner's row, every kata's cell.
	dom := chromium.Run(t, "--dump-dom", "file://"+page)
	grid := dom[strings.Index(dom, `<table class="grid">`):]
	assert.Equal(t, 300, strings.Count(grid, `<td class="p">`), "one row per learner")
	cells := regexp.MustCompile(`<td class="v-[a-z-]+"></td>`).FindAllString(grid, -1)
	assert.Len(t, cells, 300*len(cat.Katas), "one cell per learner and kata")

	// The screenshot: the grid's cells are painted in the verdicts' colours.
	shot := filepath.Join(dir, "class.png")
	chromium.Run(t, "--screenshot="+shot, "--window-size=1400,3400", "file://"+page)
	f, err := os.Open(shot)
	require.NoError(t, err)
	img, err := png.Decode(f)
	f.Close()
	require.NoError(t, err)
	assert.Equal(t, 1400, img.Bounds().Dx())
	seen := colours(img)
	for _, v := range []verdict.Verdict{verdict.Pass, verdict.Race, verdict.Deadlock, verdict.Leak} {
		assert.True(t, seen[v.Colour()], "the screenshot shows %s in %s", v, v.Colour())
	}

	pdf := filepath.Join(dir, "class.pdf")
	chromium.Run(t, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+page)
	assert.GreaterOrEqual(t, browsertest.PDFPages(t, pdf), 2, "the page prints: the summary, then the grid")
}

// colours lists the colours of an image, as #rrggbb.
func colours(img image.Image) map[string]bool {
	seen := map[string]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			seen[fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)] = true
		}
	}
	return seen
}
