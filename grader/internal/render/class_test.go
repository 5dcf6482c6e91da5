package render

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/class"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/verdict"
)

func testClass(t *testing.T) *class.Class {
	t.Helper()
	ks := []*kata.Kata{
		{Name: "counter", Dir: "01_counter", Order: 1, Title: "A counter", Track: "basics", Failure: "race", PointsField: 2},
		{Name: "logger", Dir: "02_logger", Order: 2, Title: "A <logger>", Track: "basics", Failure: "deadlock"},
	}
	learners := []*class.Learner{
		{Name: "alice", Results: map[string]*class.Result{"counter": {Verdict: verdict.Pass}, "logger": {Verdict: verdict.Pass}}, Done: 2, Points: 3},
		{Name: "bob", Results: map[string]*class.Result{"counter": {Verdict: verdict.Race, Summary: "data race on c.n"}, "logger": {Verdict: verdict.Deadlock}}, Stuck: ks[0]},
		{Name: "carol<script>", Results: map[string]*class.Result{"counter": {Verdict: verdict.Pass}}, Done: 1, Points: 2, Stuck: ks[1], Other: true},
	}
	return &class.Class{Katas: ks, Course: "c0ffee", Learners: learners, MaxPoints: 3,
		Stats: []class.KataStats{
			{Kata: ks[0], Passed: 2, Graded: 3, Common: verdict.Race, CommonCount: 1, Summary: "data race on c.n"},
			{Kata: ks[1], Passed: 1, Graded: 2, Common: verdict.Deadlock, CommonCount: 1},
		},
		Problems: []class.Problem{{Learner: "carol<script>", Text: "graded on another version of the course"}},
	}
}

func TestClassHTML(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, ClassHTML(&b, testClass(t), time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)))
	page := b.String()

	assert.NotRegexp(t, `(?i)<(link|script|img|iframe)\b|\bsrc=|url\(|https?://`, page, "self-contained: nothing loaded from outside")
	assert.Contains(t, page, "@media print")
	assert.Contains(t, page, "3 learners · 2 katas · 3 of 6 kata results pass · course c0ffee · generated 2026-01-02 03:04 UTC")
	assert.Contains(t, page, "carol&lt;script&gt;: graded on another version of the course", "the problems are on the page, escaped")

	// The grid: one row per learner, one cell per kata, each cell a verdict's class.
	grid := page[strings.Index(page, `<table class="grid">`):]
	rows := regexp.MustCompile(`<tr><th[^>]*>([^<]*)</th><td class="p">.*?</td>((?:<td class="[^"]*"></td>)*)</tr>`).FindAllStringSubmatch(grid, -1)
	require.Len(t, rows, 3)
	cell := regexp.MustCompile(`<td class="([^"]*)"></td>`)
	var got [][]string
	for _, r := range rows {
		var cells []string
		for _, m := range cell.FindAllStringSubmatch(r[2], -1) {
			cells = append(cells, m[1])
		}
		got = append(got, append([]string{r[1]}, cells...))
	}
	assert.Equal(t, [][]string{
		{"alice", "v-pass", "v-pass"},
		{"bob", "v-race", "v-deadlock"},
		{"carol&lt;script&gt; †", "v-pass", NotGradedClass},
	}, got)
	assert.Contains(t, page, "† graded on another version of the course</span>")
	assert.Contains(t, grid, `<th class="other" title="carol&lt;script&gt;: 1 of 2 katas, 2 of 3 points; at 02 logger; graded on another version of the course">`)

	// Every verdict has its colour and mark, and the legend names it.
	for _, v := range verdict.All() {
		assert.Contains(t, page, "."+v.CSSClass()+" { background: "+v.Colour())
		assert.Contains(t, page, ".grid td."+v.CSSClass()+`::after { content: "`+v.Mark()+`"; }`)
		assert.Contains(t, page, `<span class="tag `+v.CSSClass()+`">`+v.Mark()+`</span> `+v.Words())
	}

	// Where the class is stuck: pass rate, learners at the kata, the most common failure.
	stuck := page[strings.Index(page, `<table class="stuck">`):strings.Index(page, `<table class="grid">`)]
	assert.Contains(t, stuck, `67% (2/3)`)
	assert.Contains(t, stuck, `33% (1/3)`)
	assert.Contains(t, stuck, `<span class="tag v-race">data race</span> 1 <small title="data race on c.n">data race on c.n</small>`)
	assert.Contains(t, stuck, `title="A &lt;logger&gt;"`)
}

func TestClassCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, ClassCSV(&b, testClass(t)))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"learner", "done", "katas", "points", "max_points", "at_kata", "other_version", "01_counter", "02_logger"},
		{"alice", "2", "2", "3", "3", "", "false", "pass", "pass"},
		{"bob", "0", "2", "0", "3", "counter", "false", "race", "deadlock"},
		{"carol<script>", "1", "2", "2", "3", "logger", "true", "pass", ""},
	}, recs)
}

func TestTextOn(t *testing.T) {
	assert.Equal(t, "#fff", textOn("#2b5797"), "white on dark blue")
	assert.Equal(t, "#1d1f23", textOn("#e8a33d"), "dark on orange")
}
