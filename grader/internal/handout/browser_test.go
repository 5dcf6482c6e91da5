package handout

import (
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/kata"
)

// TestBrowser renders the handouts in a real headless Chromium: the index and one kata page
// to PNG and PDF, and the all-in-one page to PDF, one A4 page per kata. `make test` runs it
// when Chromium is installed; `make test-browser` (GRADER_BROWSER_TEST=1) requires it.
func TestBrowser(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("GRADER_BROWSER_TEST") == "1" {
			t.Fatal("GRADER_BROWSER_TEST=1 but no chromium on PATH (Debian: apt-get install chromium)")
		}
		t.Skip("no chromium on PATH: run `make test-browser` where it is installed")
	}
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
		run(t, chromium, "--screenshot="+shot, "--window-size=1000,1400", "file://"+filepath.Join(dir, page))
		f, err := os.Open(shot)
		require.NoError(t, err)
		img, err := png.Decode(f)
		f.Close()
		require.NoError(t, err, "%s renders to a PNG", page)
		assert.Equal(t, 1000, img.Bounds().Dx())

		pdf := filepath.Join(dir, page+".pdf")
		run(t, chromium, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+filepath.Join(dir, page))
		n := pdfPages(t, pdf)
		assert.GreaterOrEqual(t, n, 1, "%s prints", page)
		if page == first {
			assert.Equal(t, 1, n, "a kata's handout prints on one A4 page")
		}
	}
	all := filepath.Join(dir, "all.pdf")
	run(t, chromium, "--print-to-pdf="+all, "--no-pdf-header-footer", "file://"+filepath.Join(dir, "all.html"))
	assert.Equal(t, len(cat.Katas), pdfPages(t, all), "the all-in-one page prints one A4 page per kata")
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// run starts Chromium headless with the flags this machine's closed network needs.
func run(t *testing.T, chromium string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	out, err := exec.CommandContext(ctx, chromium, append(base, args...)...).CombinedOutput()
	require.NoError(t, err, "chromium: %s", out)
}

var countRE = regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`)

// pdfPages reads the page count from the PDF's page tree.
func pdfPages(t *testing.T, path string) int {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotEmpty(t, data)
	best := 0
	for _, m := range countRE.FindAllSubmatch(data, -1) {
		s := string(m[1]) + string(m[2])
		if n, err := strconv.Atoi(s); err == nil && n > best {
			best = n
		}
	}
	require.NotZero(t, best, "%s has a page tree", path)
	return best
}
