package rarestatsmeanreset

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMeanWhileReporterResets(t *testing.T) {
	var l Latency
	for _, us := range []int64{120, 80, 100} {
		l.Observe(us)
	}
	reported := make(chan struct{})
	go func() {
		l.Reset()
		close(reported)
	}()
	m := l.Mean()
	assert.True(t, m == 0 || m == 100, "mean %d", m)
	<-reported
	assert.Equal(t, int64(0), l.Mean())
}
