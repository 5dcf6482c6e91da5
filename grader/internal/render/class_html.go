package render

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"gokatas/grader/internal/class"
	"gokatas/grader/internal/verdict"
)

// NotGradedClass is the CSS class of a grid cell whose kata the learner has no result for.
const NotGradedClass = "v-none"

// classCSS is the page's style: the verdicts' colours and marks come from the verdict table.
func classCSS() template.CSS {
	var b strings.Builder
	b.WriteString(`html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d1f23; }
body { margin: 1.5rem; }
h1 { color: #00758f; margin: 0 0 .3rem; } h2 { margin: 1.6rem 0 .5rem; border-bottom: 1px solid #d7dbe2; }
p.meta { margin: 0 0 1rem; color: #5b6270; }
.problems { background: #fff6e0; border: 1px solid #e8c86a; padding: .4rem .8rem; }
.problems li { font-size: .85rem; }
.legend span.k { display: inline-block; margin: 0 .8rem .3rem 0; font-size: .85rem; white-space: nowrap; }
table { border-collapse: collapse; }
.stuck td, .stuck th { text-align: left; padding: .1rem .5rem; border-bottom: 1px solid #e3e6ea; font-size: .8rem; white-space: nowrap; }
.stuck td.r { font-variant-numeric: tabular-nums; }
.stuck td.f { max-width: 40rem; overflow: hidden; text-overflow: ellipsis; }
.stuck small { color: #5b6270; }
.stuck td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; width: 6rem; height: .7rem; background: #e8eaee; vertical-align: middle; margin-right: .4rem; }
.bar b { display: block; height: 100%; background: #2e8540; }
.tag { padding: 0 .35rem; border-radius: 3px; white-space: nowrap; }
.grid { font-size: .7rem; }
.grid th, .grid td { border: 1px solid #fff; }
.grid thead th { position: sticky; top: 0; background: #fff; z-index: 1; font-weight: normal; color: #5b6270; padding: 0 .1rem; }
.grid tbody th { position: sticky; left: 0; background: #fff; text-align: left; font-weight: normal; padding: 0 .4rem 0 0; white-space: nowrap; max-width: 12rem; overflow: hidden; text-overflow: ellipsis; }
.grid td { width: 1.35em; min-width: 1.35em; height: 1.35em; padding: 0; text-align: center; line-height: 1.35em; }
.grid td.p { width: 4rem; text-align: left; white-space: nowrap; font-variant-numeric: tabular-nums; padding-right: .3rem; }
.grid td.p i { display: inline-block; width: 2.6rem; height: .55rem; background: #e8eaee; margin-right: .3rem; vertical-align: middle; }
.grid td.p i b { display: block; height: 100%; background: #2e8540; }
.grid tbody tr:hover th, .grid tbody tr:hover td.p { background: #eef6f8; }
.grid .other { font-style: italic; }
.` + NotGradedClass + ` { background: #f1f2f4; color: #9aa1ad; }
.` + NotGradedClass + `::after { content: "·"; }
`)
	for _, v := range verdict.All() {
		fmt.Fprintf(&b, ".%s { background: %s; color: %s; }\n", v.CSSClass(), v.Colour(), textOn(v.Colour()))
		fmt.Fprintf(&b, ".grid td.%s::after { content: %q; }\n", v.CSSClass(), v.Mark())
	}
	b.WriteString(`@media print {
  @page { size: A4 landscape; margin: 8mm; }
  body { margin: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .grid thead th, .grid tbody th { position: static; }
  .grid td { width: 3.4mm; min-width: 3.4mm; height: 3.4mm; line-height: 3.4mm; font-size: 5.5pt; }
  .grid thead th { font-size: 5pt; padding: 0; }
  .grid tbody th { font-size: 6pt; max-width: 24mm; }
  .grid td.p { width: 6mm; font-size: 6pt; }
  .grid td.p i { display: none; }
  .stuck td.f { max-width: 120mm; }
  a[href="#grid"] { display: none; }
  .grid thead { display: table-header-group; }
  .grid tr, .stuck tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .grid-section { break-before: page; }
}
`)
	return template.CSS(b.String())
}

// textOn is black or white, whichever reads better on the background colour #rrggbb.
func textOn(bg string) string {
	if len(bg) != 7 {
		return "#000"
	}
	n, err := strconv.ParseUint(bg[1:], 16, 32)
	if err != nil {
		return "#000"
	}
	r, g, b := float64(n>>16&0xff), float64(n>>8&0xff), float64(n&0xff)
	if 0.299*r+0.587*g+0.114*b > 150 {
		return "#1d1f23"
	}
	return "#fff"
}

type classRow struct {
	Name, Title  string
	Other        bool
	Done, Pct    int
	Cells        []string // CSS classes, one per kata
	Stuck, Where string
}

type classStat struct {
	Order                 int
	Name, Title, Track    string
	Passed, Graded, Pct   int
	StuckHere             int
	Common                verdict.Verdict
	CommonWords, CommonCl string
	CommonCount           int
	Summary               string
}

var classPage = template.Must(template.New("class").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Go concurrency katas: class results</title>
<style>
{{.CSS}}</style>
</head>
<body>
<h1>Go concurrency katas: class results</h1>
<p class="meta">{{.Learners}} learners · {{len .Katas}} katas · {{.Done}} of {{.Cells}} kata results pass · course {{.Course}} · generated {{.When}}<a href="#grid"> · the grid</a></p>
{{if .Problems}}<div class="problems"><strong>{{len .Problems}} input problem(s)</strong> (no learner's row is left out)
<ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul></div>
{{end}}
<h2>Where the class is stuck</h2>
<table class="stuck">
<thead><tr><th>#</th><th>kata</th><th>track</th><th>pass</th><th title="learners for whom it is the first kata in course order that does not pass">at it</th><th>most common failure (learners), and its diagnosis</th></tr></thead>
<tbody>
{{range .Stats}}<tr><td class="n">{{printf "%02d" .Order}}</td><td title="{{.Title}}"><b>{{.Name}}</b></td><td>{{.Track}}</td>
<td class="r"><span class="bar"><b style="width: {{.Pct}}%"></b></span>{{.Pct}}% ({{.Passed}}/{{$.Learners}})</td>
<td class="n">{{if .StuckHere}}{{.StuckHere}}{{end}}</td>
<td class="f">{{if .Common}}<span class="tag {{.CommonCl}}">{{.CommonWords}}</span> {{.CommonCount}}{{if .Summary}} <small title="{{.Summary}}">{{.Summary}}</small>{{end}}{{end}}</td></tr>
{{end}}</tbody>
</table>
<section class="grid-section" id="grid">
<h2>Every learner, every kata</h2>
<p class="legend">{{range .Legend}}<span class="k"><span class="tag {{.Class}}">{{.Mark}}</span> {{.Words}}</span>{{end}}<span class="k"><span class="tag ` + NotGradedClass + `">·</span> not graded</span>{{if .Others}}<span class="k">† graded on another version of the course</span>{{end}}</p>
<table class="grid">
<thead><tr><th>learner</th><th>done</th>{{range .Katas}}<th title="{{printf "%02d" .Order}} {{.Name}}: {{.Title}}">{{printf "%02d" .Order}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><th{{if .Other}} class="other"{{end}} title="{{.Title}}">{{.Name}}{{if .Other}} †{{end}}</th><td class="p"><i><b style="width: {{.Pct}}%"></b></i>{{.Done}}</td>{{range .Cells}}<td class="{{.}}"></td>{{end}}</tr>
{{end}}</tbody>
</table>
</section>
</body>
</html>
`))

type legendEntry struct{ Class, Mark, Words string }

// ClassHTML writes the class page: one self-contained HTML page (no outside loads) with, per
// kata, the pass rate and the most common failing verdict, and a grid of every learner's
// verdict on every kata with each learner's progress.
func ClassHTML(w io.Writer, c *class.Class, now time.Time) error {
	n := len(c.Learners)
	stuck := map[string]int{}
	var rows []classRow
	done := 0
	for _, l := range c.Learners {
		r := classRow{Name: l.Name, Other: l.Other, Done: l.Done, Cells: make([]string, len(c.Katas))}
		if len(c.Katas) > 0 {
			r.Pct = l.Done * 100 / len(c.Katas)
		}
		done += l.Done
		title := fmt.Sprintf("%s: %d of %d katas, %d of %d points", l.Name, l.Done, len(c.Katas), l.Points, c.MaxPoints)
		if l.Stuck != nil {
			stuck[l.Stuck.Name]++
			title += fmt.Sprintf("; at %02d %s", l.Stuck.Order, l.Stuck.Name)
		}
		if l.Other {
			title += "; graded on another version of the course"
		}
		r.Title = title
		for i, k := range c.Katas {
			if res := l.Results[k.Name]; res != nil {
				r.Cells[i] = res.Verdict.CSSClass()
			} else {
				r.Cells[i] = NotGradedClass
			}
		}
		rows = append(rows, r)
	}
	var stats []classStat
	for _, s := range c.Stats {
		st := classStat{Order: s.Kata.Order, Name: s.Kata.Name, Title: s.Kata.Title, Track: s.Kata.Track,
			Passed: s.Passed, Graded: s.Graded, StuckHere: stuck[s.Kata.Name], Common: s.Common, CommonCount: s.CommonCount, Summary: s.Summary}
		st.Pct = int(s.PassRate(n)*100 + 0.5)
		if s.Common != "" {
			st.CommonWords, st.CommonCl = s.Common.Words(), s.Common.CSSClass()
		}
		stats = append(stats, st)
	}
	var legend []legendEntry
	for _, v := range verdict.All() {
		legend = append(legend, legendEntry{v.CSSClass(), v.Mark(), v.Words()})
	}
	others := 0
	for _, l := range c.Learners {
		if l.Other {
			others++
		}
	}
	var problems []string
	for _, p := range c.Problems {
		problems = append(problems, p.String())
	}
	return classPage.Execute(w, map[string]any{
		"CSS": classCSS(), "Learners": n, "Katas": c.Katas, "Done": done, "Cells": n * len(c.Katas),
		"Course": c.Course, "When": now.UTC().Format("2006-01-02 15:04 MST"),
		"Problems": problems, "Stats": stats, "Rows": rows, "Legend": legend, "Others": others,
	})
}

// ClassCSV writes the class as CSV: one row per learner with their progress and their verdict
// on every kata (a verdict word of the JSON results, empty when not graded).
func ClassCSV(w io.Writer, c *class.Class) error {
	cw := csv.NewWriter(w)
	head := []string{"learner", "done", "katas", "points", "max_points", "at_kata", "other_version"}
	for _, k := range c.Katas {
		head = append(head, k.Dir)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, l := range c.Learners {
		at := ""
		if l.Stuck != nil {
			at = l.Stuck.Name
		}
		row := []string{l.Name, strconv.Itoa(l.Done), strconv.Itoa(len(c.Katas)), strconv.Itoa(l.Points), strconv.Itoa(c.MaxPoints), at, strconv.FormatBool(l.Other)}
		for _, k := range c.Katas {
			v := ""
			if r := l.Results[k.Name]; r != nil {
				v = string(r.Verdict)
			}
			row = append(row, v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
