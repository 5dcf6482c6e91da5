package spinflag

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const configText = "listen=:8080\nlog=debug\nworkers=4\n"

func checkConfig(t *testing.T) {
	t.Helper()
	cfg := Load(configText).Wait()
	require.NotNil(t, cfg, "Wait should return the loaded configuration")
	assert.Equal(t, map[string]string{"listen": ":8080", "log": "debug", "workers": "4"}, cfg.Values,
		"Wait should return the whole configuration")
}

func TestWaitForConfig(t *testing.T) {
	checkConfig(t)
}

// Go's WebAssembly port runs every goroutine on a single thread: a waiter
// that never gives the thread up would starve the loader forever.
func TestWaitForConfigOnOneThread(t *testing.T) {
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	for range 10 {
		checkConfig(t)
	}
}
