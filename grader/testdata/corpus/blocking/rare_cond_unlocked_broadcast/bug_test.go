package rarecondunlockedbroadcast

import (
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestGetWaitsForWarmup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New()
		got := make(chan string)
		go func() { got <- c.Get("user:1") }()
		c.Warm(map[string]string{"user:1": "ada", "user:2": "grace"})
		assert.Equal(t, "ada", <-got)
	})
}
