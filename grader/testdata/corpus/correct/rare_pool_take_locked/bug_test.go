package rarepooltakelocked

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestReuse(t *testing.T) {
	p := &Pool{}
	p.Put(p.Get()) // warm: one idle connection
	done := make(chan *Conn)
	go func() { done <- p.Get() }()
	c := p.Get()
	require.NotNil(t, c)
	other := <-done
	require.NotNil(t, other)
	assert.NotSame(t, c, other)
	p.Put(c)
	p.Put(other)
	assert.Equal(t, 2, p.Dials())
}
