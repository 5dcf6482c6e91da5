package verdict

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSeverityOrder(t *testing.T) {
	order := []Verdict{Pass, NotGradable, Fail, Vet, Leak, Hang, Deadlock, Panic, Race, BuildError}
	for i := 1; i < len(order); i++ {
		assert.Equal(t, order[i], Worse(order[i-1], order[i]))
		assert.Equal(t, order[i], Worse(order[i], order[i-1]))
	}
	assert.Equal(t, Fail, Assertion.Run())
	assert.Equal(t, Race, Race.Run())
}

func TestEveryVerdictIsDescribed(t *testing.T) {
	for v, e := range table {
		assert.NotEmpty(t, e.words, v)
		assert.NotEmpty(t, e.state, v)
		if v != Pass && v != NotGradable {
			assert.NotEmpty(t, e.shows, v)
		}
	}
}

func TestDeclared(t *testing.T) {
	assert.Equal(t, []string{"fail", "vet", "leak", "hang", "deadlock", "panic", "race", "build"}, Declarable())
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
