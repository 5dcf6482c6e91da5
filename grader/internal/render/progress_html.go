package render

import (
	"html/template"
	"io"
	"strings"
	"time"
)

// ProgressKata is one row of the progress page.
type ProgressKata struct {
	Order     int
	Name      string
	Title     string
	State     string // a verdict's State ("done", "failing", "not gradable"), or NotTried
	Verdict   string // plain words
	Diagnosis string
	Graded    string
}

// NotTried is the state of a kata never graded.
const NotTried = "not tried"

// ProgressTrack is one track of the progress page.
type ProgressTrack struct {
	Name  string
	Done  int
	Katas []ProgressKata
}

var progressPage = template.Must(template.New("p").Funcs(template.FuncMap{
	"class": func(s string) string { return strings.ReplaceAll(s, " ", "-") },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Go concurrency katas: progress</title>
<style>
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d1f23; }
body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { color: #00758f; } h2 { margin-top: 1.5rem; border-bottom: 1px solid #d7dbe2; }
.bar { height: 1rem; background: #e8eaee; border-radius: 4px; overflow: hidden; }
.bar span { display: block; height: 100%; background: #2e8540; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
td, th { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d7dbe2; vertical-align: top; }
.done { color: #2e8540; font-weight: bold; } .failing { color: #b3261e; font-weight: bold; }
.not-tried, .not-gradable { color: #5b6270; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; }
</style>
</head>
<body>
<h1>Go concurrency katas: progress</h1>
<p>{{.Done}} of {{.Total}} katas done · generated {{.When}}</p>
<div class="bar"><span style="width: {{.Percent}}%"></span></div>
{{range .Tracks}}
<h2>{{.Name}} <small>({{.Done}}/{{len .Katas}})</small></h2>
<table>
<tr><th>#</th><th>kata</th><th>state</th><th>last diagnosis</th></tr>
{{range .Katas}}<tr>
<td>{{printf "%02d" .Order}}</td><td><b>{{.Name}}</b><br>{{.Title}}</td>
<td class="{{.State | class}}">{{.State}}{{if .Verdict}}<br><small>{{.Verdict}}</small>{{end}}</td>
<td><code>{{.Diagnosis}}</code>{{if .Graded}}<br><small>{{.Graded}}</small>{{end}}</td>
</tr>{{end}}
</table>
{{end}}
</body>
</html>
`))

// ProgressHTML writes the one-page progress report an instructor opens from a CI artifact.
func ProgressHTML(w io.Writer, tracks []ProgressTrack, now time.Time) error {
	done, total := 0, 0
	for _, t := range tracks {
		done += t.Done
		total += len(t.Katas)
	}
	pct := 0
	if total > 0 {
		pct = done * 100 / total
	}
	return progressPage.Execute(w, map[string]any{
		"Done": done, "Total": total, "Percent": pct, "Tracks": tracks, "When": now.UTC().Format("2006-01-02 15:04 MST"),
	})
}
