package tickerlimiter

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The tests run in a testing/synctest bubble: time is fake, so the tokens
// arrive at exactly the expected instants and no real time passes. When the
// test function returns, every goroutine the bubble started must be gone.

// limiterGoroutines returns the stacks of the goroutines still running code
// of this package (kata.go) outside the test's own functions.
func limiterGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var left []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "50_ticker_limiter.") && !strings.Contains(g, "_test.go") {
			left = append(left, g)
		}
	}
	return left
}

// stopAndCheck stops l and checks, without letting any fake time pass, that
// nothing of the limiter is left running or waiting.
func stopAndCheck(t *testing.T, l *Limiter) {
	t.Helper()
	l.Stop()
	synctest.Wait() // everything that can end without time passing has ended
	assert.Empty(t, limiterGoroutines(),
		"a goroutine of the limiter is still there after Stop returned: Stop must end the refill goroutine at once, not at the next tick or never")
}

// pause lets d of fake time pass.
func pause(d time.Duration) { <-time.After(d) }

func TestBurstThenOnePerInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := NewLimiter(100*time.Millisecond, 2)

		want := []time.Duration{0, 0, 100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}
		for i, at := range want {
			require.NoError(t, l.Wait(context.Background()), "fetch %d", i)
			assert.Equal(t, at, time.Since(start), "fetch %d may start at %v", i, at)
		}
		stopAndCheck(t, l)
	})
}

func TestIdleLimiterSavesAtMostBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewLimiter(100*time.Millisecond, 2)

		// The crawler is idle for a while: the bucket is full and ticks keep
		// coming. The next tick is at 1.1s.
		pause(1050 * time.Millisecond)
		synctest.Wait()
		start := time.Now()
		want := []time.Duration{0, 0, 50 * time.Millisecond}
		for i, at := range want {
			require.NoError(t, l.Wait(context.Background()), "fetch %d", i)
			assert.Equal(t, at, time.Since(start),
				"fetch %d after a pause may start at %v: at most burst tokens are saved up", i, at)
		}

		pause(1050 * time.Millisecond) // idle again, with a full bucket, when the job ends
		stopAndCheck(t, l)
	})
}

func TestStopRightAway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A crawl job with nothing to crawl, and a slow site: one page an hour.
		l := NewLimiter(time.Hour, 3)
		stopAndCheck(t, l)
	})
}

func TestWaitGivesUpWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 1)
		require.NoError(t, l.Wait(context.Background()), "the first token is in the bucket")

		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		err := l.Wait(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the next token comes too late for this fetch")
		stopAndCheck(t, l)
	})
}
