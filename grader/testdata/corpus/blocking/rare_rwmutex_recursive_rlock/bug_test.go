package rarerwmutexrecursiverlock

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestRolloutWhileServing(t *testing.T) {
	f := New("search-v2")
	done := make(chan struct{})
	go func() {
		f.Set("new-checkout", true, 10)
		close(done)
	}()
	assert.True(t, f.EnabledFor("search-v2", 42))
	<-done
	assert.True(t, f.EnabledFor("new-checkout", 5))
	assert.False(t, f.EnabledFor("new-checkout", 50))
}

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
