package handout

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/browsertest"
	"gokatas/grader/internal/kata"
)

// TestBrowser renders the handouts in a real headless Chromium: the index and one kata page
// to PNG and PDF, and the all-in-one page to PDF, one A4 page per kata. `make test` runs it
// when Chromium is installed; `make test-browser` (GRADER_BROWSER_TEST=1) requires it.
func TestBrowser(t *testing.T) {
	chromium := browsertest.Chromium(t)
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	cat, err := kata.Load(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)))
	require.NoError(t, err)
	dir := t.TempDir()
	_, err = Write(dir, "html", root, cat, cat.Katas)
	require.NoError(t, err)

	first := cat.Katas[0].Dir + ".html"
	for _, page := range []string{"index.html", first} {
		shot := filepath.Join(dir, page+".png")
		chromium.Run(t, "--screenshot="+shot, "--window-size=1000,1400", "file://"+filepath.Join(dir, page))
		f, err := os.Open(shot)
		require.NoError(t, err)
		img, err := png.Decode(f)
		f.Close()
		require.NoError(t, err, "%s renders to a PNG", page)
		assert.Equal(t, 1000, img.Bounds().Dx())

		pdf := filepath.Join(dir, page+".pdf")
		chromium.Run(t, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+filepath.Join(dir, page))
		n := browsertest.PDFPages(t, pdf)
		assert.GreaterOrEqual(t, n, 1, "%s prints", page)
		if page == first {
			assert.Equal(t, 1, n, "a kata's handout prints on one A4 page")
		}
	}
	all := filepath.Join(dir, "all.pdf")
	chromium.Run(t, "--print-to-pdf="+all, "--no-pdf-header-footer", "file://"+filepath.Join(dir, "all.html"))
	assert.Equal(t, len(cat.Katas), browsertest.PDFPages(t, all), "the all-in-one page prints one A4 page per kata")
}
