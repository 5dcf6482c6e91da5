package rareconncheckthenclose

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestReadUntilEnd(t *testing.T) {
	in := make(chan string, 2)
	in <- "HELLO"
	in <- "BYE"
	close(in)
	c := Dial(in)
	defer c.Close()
	assert.Equal(t, "HELLO", <-c.Messages())
	assert.Equal(t, "BYE", <-c.Messages())
}
