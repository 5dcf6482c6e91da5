// Package browsertest runs a real headless Chromium for the tests that render pages: the
// handouts and the class page. A test calls Chromium first: without a browser on PATH the test
// is skipped, unless GRADER_BROWSER_TEST=1 (`make test-browser`) says it must run.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Browser is a Chromium executable.
type Browser struct{ path string }

// Chromium finds Chromium on PATH, or skips the test (fails it under GRADER_BROWSER_TEST=1).
func Chromium(t testing.TB) Browser {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return Browser{p}
		}
	}
	if os.Getenv("GRADER_BROWSER_TEST") == "1" {
		t.Fatal("GRADER_BROWSER_TEST=1 but no chromium on PATH (Debian: apt-get install chromium)")
	}
	t.Skip("no chromium on PATH: run `make test-browser` where it is installed")
	return Browser{}
}

// Run starts Chromium headless, with the flags a closed network needs and a fresh profile,
// and returns what it printed on stdout (the DOM, for --dump-dom).
func (b Browser) Run(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, b.path, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "chromium: %s", stderr.String())
	return stdout.String()
}

var countRE = regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`)

// PDFPages reads the page count of the PDF at path from its page tree.
func PDFPages(t testing.TB, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotEmpty(t, data)
	best := 0
	for _, m := range countRE.FindAllSubmatch(data, -1) {
		if n, err := strconv.Atoi(string(m[1]) + string(m[2])); err == nil && n > best {
			best = n
		}
	}
	require.NotZero(t, best, "%s has a page tree", path)
	return best
}
