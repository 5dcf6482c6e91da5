package orderclosebeforeflush

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCloseFlushes(t *testing.T) {
	l := NewLogger()
	for i := range 100 {
		l.Log(fmt.Sprintf("user=%d action=login", i))
	}
	l.Close()
	assert.Len(t, l.Written(), 100, "entries lost at Close")
}
