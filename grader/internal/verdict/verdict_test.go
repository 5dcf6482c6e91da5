package verdict

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestSeverityOrder(t *testing.T) {
	all := All()
	assert.Equal(t, Pass, all[0], "a pass is the best verdict")
	assert.Equal(t, BuildError, all[len(all)-1], "a compile error is the worst: nothing ran")
	for i := 1; i < len(all); i++ {
		assert.Equal(t, all[i], Worse(all[i-1], all[i]))
		assert.Equal(t, all[i], Worse(all[i], all[i-1]))
	}
	assert.Equal(t, Fail, Assertion.Run())
	assert.Equal(t, Race, Race.Run())
	assert.Equal(t, Fail, Worse(Pass, Assertion).Run())
	assert.NotContains(t, all, Assertion, "a kind of finding, not a verdict")
}

func TestEveryVerdictIsDescribed(t *testing.T) {
	for _, e := range table {
		assert.NotEmpty(t, e.words, e.verdict)
		assert.NotEmpty(t, e.state, e.verdict)
		assert.Equal(t, 1, utf8.RuneCountInString(e.mark), "%s: one character in the class grid", e.verdict)
		assert.Regexp(t, `^#[0-9a-f]{6}$`, e.colour, e.verdict)
		if e.verdict != Pass && e.verdict != NotGradable {
			assert.NotEmpty(t, e.shows, e.verdict)
			assert.NotEmpty(t, e.declared, "%s: a kata may declare every failing verdict", e.verdict)
		}
	}
	assert.Equal(t, "failing assertion", Assertion.Words())
	assert.Equal(t, "mystery", Verdict("mystery").Words(), "an unknown verdict is its own word")
	assert.False(t, Verdict("mystery").Known())
	assert.Equal(t, "v-build-error", BuildError.CSSClass())
	assert.Equal(t, "v-fail", Assertion.CSSClass())
	marks := map[string]Verdict{}
	for _, e := range table {
		other, dup := marks[e.mark]
		assert.False(t, dup, "%s and %s share the mark %s", e.verdict, other, e.mark)
		marks[e.mark] = e.verdict
	}
}

func TestDeclared(t *testing.T) {
	for _, w := range Declarable() {
		v, ok := Declared(w)
		assert.True(t, ok, w)
		assert.Equal(t, w, v.Declaration())
	}
	v, ok := Declared("build")
	assert.True(t, ok)
	assert.Equal(t, BuildError, v, "a kata declares a compile error as build")
	_, ok = Declared("build-error")
	assert.False(t, ok)
	_, ok = Declared("pass")
	assert.False(t, ok, "a stub that passes is no kata")
}

// The diagnose contract in docs/architecture.md lists every verdict, in the table's order.
func TestContractListsEveryVerdict(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "architecture.md"))
	if !assert.NoError(t, err) {
		return
	}
	var order string
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(strings.TrimSpace(line), "not-gradable < ") {
			order = strings.TrimSpace(line)
		}
	}
	var want []string
	for _, v := range All()[1:] {
		want = append(want, string(v))
	}
	assert.Equal(t, strings.Join(want, " < ")+".", order, "the line of docs/architecture.md that orders the verdicts")
	for _, v := range All() {
		assert.Contains(t, string(data), "`"+string(v)+"`", "docs/architecture.md names verdict %s", v)
	}
}
