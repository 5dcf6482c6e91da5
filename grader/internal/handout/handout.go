package handout

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"gokatas/grader/internal/kata"
)

//go:embed style.css
var css string

// Page is one kata's handout.
type Page struct {
	Kata     *kata.Kata
	Markdown string // the handout in Markdown: metadata header + the README's body
}

// FileName is the page's file name, without extension.
func (p Page) FileName() string { return p.Kata.Dir }

// Pages builds the handout of each kata from its README and metadata.
func Pages(root string, ks []*kata.Kata) ([]Page, error) {
	var pages []Page
	for _, k := range ks {
		readme, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(k.ReadmePath())))
		if err != nil {
			return nil, fmt.Errorf("handout of kata %s: %w", k.Name, err)
		}
		title, body := splitTitle(string(readme))
		if title == "" {
			title = k.Title
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# %02d · %s\n\n", k.Order, title)
		fmt.Fprintf(&b, "**Track:** %s · **Difficulty:** %s · **The bug shows as:** %s", k.Track, strings.Repeat("●", k.Difficulty)+strings.Repeat("○", 3-k.Difficulty), k.Verdict().Shows())
		if k.BugClass != "" {
			fmt.Fprintf(&b, " · **Bug class:** %s", k.BugClass)
		}
		fmt.Fprintf(&b, "\n\n**Concepts:** %s · **Edit:** `%s`\n\n", strings.Join(k.Concepts, ", "), strings.Join(prefix(k.KataDir()+"/", k.Files), "`, `"))
		b.WriteString(strings.TrimSpace(body))
		b.WriteString("\n")
		pages = append(pages, Page{Kata: k, Markdown: b.String()})
	}
	return pages, nil
}

func prefix(p string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p + n
	}
	return out
}

// splitTitle separates a README's "# Title" line from the rest.
func splitTitle(md string) (title, body string) {
	first, rest, _ := strings.Cut(md, "\n")
	if t, ok := strings.CutPrefix(first, "# "); ok {
		return strings.TrimSpace(t), rest
	}
	return "", md
}

// Overview is the course overview in Markdown: every kata by track, with links to the pages.
func Overview(ks []*kata.Kata, cat *kata.Catalogue, link func(k *kata.Kata) string) string {
	var b strings.Builder
	b.WriteString("# Go concurrency katas: the course\n\n")
	fmt.Fprintf(&b, "%d katas in %d tracks, from easy to hard. Each kata is a small program with one concurrency bug; "+
		"its tests catch the bug every time, under the race detector and a goroutine-leak check. "+
		"Start with `go run ./grader`.\n", len(ks), len(cat.Tracks()))
	for _, track := range cat.Tracks() {
		fmt.Fprintf(&b, "\n## %s\n\n| # | kata | the bug shows as | concepts |\n|---|---|---|---|\n", track)
		for _, k := range ks {
			if k.Track != track {
				continue
			}
			fmt.Fprintf(&b, "| %02d | [%s](%s) | %s | %s |\n", k.Order, k.Title, link(k), k.Verdict().Shows(), strings.Join(k.Concepts, ", "))
		}
	}
	// The same katas grouped by the class of real-world bug they model.
	var classes []string
	byClass := map[string][]*kata.Kata{}
	for _, k := range ks {
		if k.BugClass == "" {
			continue
		}
		if byClass[k.BugClass] == nil {
			classes = append(classes, k.BugClass)
		}
		byClass[k.BugClass] = append(byClass[k.BugClass], k)
	}
	if len(classes) > 0 {
		b.WriteString("\n## By bug class\n\nThe classes of the studies of concurrency bugs in large Go projects, and the katas that model them.\n\n| bug class | katas |\n|---|---|\n")
		sort.Strings(classes)
		for _, c := range classes {
			var links []string
			for _, k := range byClass[c] {
				links = append(links, fmt.Sprintf("[%02d %s](%s)", k.Order, k.Title, link(k)))
			}
			fmt.Fprintf(&b, "| %s | %s |\n", c, strings.Join(links, ", "))
		}
	}
	return b.String()
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 200))),
)

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body class="{{.Class}}">
{{.Body}}
</body>
</html>
`))

// HTML renders Markdown into a self-contained page.
func HTML(title, class string, markdowns ...string) ([]byte, error) {
	var body bytes.Buffer
	for _, m := range markdowns {
		body.WriteString(`<article class="kata">`)
		if err := md.Convert([]byte(m), &body); err != nil {
			return nil, err
		}
		body.WriteString("</article>\n")
	}
	var out bytes.Buffer
	err := page.Execute(&out, struct {
		Title, Class string
		CSS          template.CSS
		Body         template.HTML
	}{title, class, template.CSS(css), template.HTML(body.String())})
	return out.Bytes(), err
}

// Write renders the handouts of ks into dir: index, one page per kata and all.html (or .md).
func Write(dir, format string, root string, cat *kata.Catalogue, ks []*kata.Kata) ([]string, error) {
	pages, err := Pages(root, ks)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	ext := "." + format
	link := func(k *kata.Kata) string { return k.Dir + ext }
	var written []string
	write := func(name string, data []byte) error {
		path := filepath.Join(dir, name)
		written = append(written, path)
		return os.WriteFile(path, data, 0o644)
	}
	overview := Overview(ks, cat, link)
	var all []string
	for _, p := range pages {
		all = append(all, p.Markdown)
		var data []byte
		switch format {
		case "md":
			data = []byte(p.Markdown)
		case "html":
			data, err = HTML(fmt.Sprintf("%02d %s", p.Kata.Order, p.Kata.Title), "single", p.Markdown)
			if err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unknown format %q: html or md", format)
		}
		if err := write(p.FileName()+ext, data); err != nil {
			return nil, err
		}
	}
	switch format {
	case "md":
		if err := write("index.md", []byte(overview)); err != nil {
			return nil, err
		}
		if err := write("all.md", []byte(strings.Join(all, "\n---\n\n"))); err != nil {
			return nil, err
		}
	case "html":
		idx, err := HTML("Go concurrency katas", "index", overview)
		if err != nil {
			return nil, err
		}
		if err := write("index.html", idx); err != nil {
			return nil, err
		}
		allHTML, err := HTML("Go concurrency katas: all handouts", "all", all...)
		if err != nil {
			return nil, err
		}
		if err := write("all.html", allHTML); err != nil {
			return nil, err
		}
	}
	return written, nil
}
