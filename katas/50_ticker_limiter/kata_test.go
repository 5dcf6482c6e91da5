package tickerlimiter

import (
	"context"
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

func TestBurstThenOnePerInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		l := NewLimiter(100*time.Millisecond, 2)
		defer l.Stop()

		want := []time.Duration{0, 0, 100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}
		for i, at := range want {
			require.NoError(t, l.Wait(context.Background()), "fetch %d", i)
			assert.Equal(t, at, time.Since(start), "fetch %d may start at %v", i, at)
		}
	})
}

func TestWaitGivesUpWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 1)
		defer l.Stop()
		require.NoError(t, l.Wait(context.Background()), "the first token is in the bucket")

		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		err := l.Wait(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "the next token comes too late for this fetch")
	})
}
