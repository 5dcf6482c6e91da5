package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func TestTickLineCountsAndClears(t *testing.T) {
	var w lockedBuffer
	done := tickLine(&w, "compiling", time.Millisecond)
	assert.Eventually(t, func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return strings.Count(w.b.String(), "compiling … 0:00") >= 3
	}, 5*time.Second, time.Millisecond, "the line is printed again every interval")
	done()
	done() // a second call is harmless
	w.mu.Lock()
	out := w.b.String()
	w.mu.Unlock()
	assert.True(t, strings.HasSuffix(out, "\r\x1b[K"), "the line is cleared at the end: %q", out)
}

func TestColdBuildNoticeOffTerminal(t *testing.T) {
	var out bytes.Buffer
	env := &Env{Stderr: &out}
	coldBuildNotice(env)()()
	assert.Equal(t, 1, strings.Count(out.String(), "\n"), "one line off a terminal")
	assert.Contains(t, out.String(), "race-enabled standard library")
}
