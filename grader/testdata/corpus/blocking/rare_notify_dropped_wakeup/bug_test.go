package rarenotifydroppedwakeup

import (
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestWorkerGetsJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New()
		got := make(chan string)
		go func() { got <- q.Next() }()
		q.Push("resize:cat.png")
		assert.Equal(t, "resize:cat.png", <-got)
	})
}
