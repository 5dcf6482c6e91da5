package handout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/kata"
)

func testRepo(t *testing.T) (string, *kata.Catalogue) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "katas", "15_safe_counter"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "katas", "15_safe_counter", "README.md"),
		[]byte("# SafeCounter without its lock\n\nA story.\n\n## Your goal\n\nCount.\n\n```go\nfunc (c *C) Inc() { c.v++ }\n```\n"), 0o644))
	cat := &kata.Catalogue{Format: 1, Katas: []*kata.Kata{{
		Name: "safe_counter", Dir: "15_safe_counter", Order: 15, Title: "SafeCounter", Track: "mutex",
		Difficulty: 2, Concepts: []string{"sync.Mutex", "map"}, Failure: "race", Files: []string{"kata.go"},
	}}}
	return root, cat
}

func TestPageComesFromTheReadme(t *testing.T) {
	root, cat := testRepo(t)
	pages, err := Pages(root, cat.Katas)
	require.NoError(t, err)
	require.Len(t, pages, 1)
	md := pages[0].Markdown
	assert.True(t, strings.HasPrefix(md, "# 15 · SafeCounter without its lock\n"))
	assert.Contains(t, md, "**Track:** mutex · **Difficulty:** ●●○ · **The bug shows as:** a data race")
	assert.Contains(t, md, "**Concepts:** sync.Mutex, map · **Edit:** `katas/15_safe_counter/kata.go`")
	assert.Contains(t, md, "A story.\n\n## Your goal")
}

func TestHTMLIsSelfContained(t *testing.T) {
	root, cat := testRepo(t)
	dir := t.TempDir()
	written, err := Write(dir, "html", root, cat, cat.Katas)
	require.NoError(t, err)
	assert.Len(t, written, 3)
	page, err := os.ReadFile(filepath.Join(dir, "15_safe_counter.html"))
	require.NoError(t, err)
	html := string(page)
	assert.Contains(t, html, "<style>")
	assert.Contains(t, html, "@page { size: A4")
	assert.Contains(t, html, "break-inside: avoid")
	assert.Contains(t, html, `<pre><code class="language-go"><span class="kw">func</span> (c *C) Inc()`, "Go code is highlighted")
	assert.NotContains(t, html, "<script")
	assert.NotContains(t, html, "<link")
	assert.NotRegexp(t, `(src|href)="https?://`, html, "nothing loaded from elsewhere")
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(index), `<a href="15_safe_counter.html">SafeCounter</a>`)
	all, err := os.ReadFile(filepath.Join(dir, "all.html"))
	require.NoError(t, err)
	assert.Contains(t, string(all), `<body class="all">`)
}

func TestUnknownFormat(t *testing.T) {
	root, cat := testRepo(t)
	_, err := Write(t.TempDir(), "pdf", root, cat, cat.Katas)
	assert.ErrorContains(t, err, `unknown format "pdf"`)
}

func TestGoCodeIsHighlighted(t *testing.T) {
	page, err := HTML("t", "", "```go\nfunc f() string { // why\n\treturn \"<\" + `x` + string(rune(1)) + \"\\r\"\n}\n```\n\n```sh\necho <x> \"y\"\n```\n")
	require.NoError(t, err)
	html := string(page)
	assert.Contains(t, html, `<pre><code class="language-go"><span class="kw">func</span> f() string { <span class="com">// why</span>`)
	assert.Contains(t, html, `<span class="kw">return</span> <span class="str">&#34;&lt;&#34;</span> + <span class="str">`+"`x`"+`</span> + string(rune(<span class="num">1</span>))`)
	assert.Contains(t, html, `<pre><code class="language-sh">echo &lt;x&gt; &#34;y&#34;`, "other languages as written, escaped")
	assert.Contains(t, html, "pre .kw {", "the classes have colours")
}
