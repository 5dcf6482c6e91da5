package wgbyvalue

import (
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newsletter(n int) []Message {
	msgs := make([]Message, n)
	for i := range msgs {
		msgs[i] = Message{
			UserID: i + 1,
			Email:  fmt.Sprintf("user%d@example.org", i+1),
			Text:   "Our spring sale starts today!",
		}
	}
	return msgs
}

func TestBroadcastReturnsEveryReceipt(t *testing.T) {
	// One CPU, as on a small container: a goroutine Broadcast starts runs only once Broadcast
	// blocks, so a Broadcast that does not really wait sees no receipt at all, in every run.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	// Inside the bubble a Wait that can never return is reported at once as a deadlock.
	synctest.Test(t, func(t *testing.T) {
		msgs := newsletter(12)
		var d Dispatcher
		start := time.Now()

		receipts := d.Broadcast(msgs)

		assert.Zero(t, time.Since(start),
			"Broadcast must wait for its deliveries, not for a clock: a sleep only guesses how long the mail server takes")
		require.Len(t, receipts, len(msgs), "one receipt per message: Broadcast must wait for every delivery it started "+
			"(the mutex protects the receipts, it does not wait for anyone; a wg.Add inside the goroutine comes too late)")
		for i, r := range receipts {
			assert.Equal(t, msgs[i].UserID, r.UserID, "receipts must be sorted by user ID")
			assert.Equal(t, fmt.Sprintf("<%d.29@example.org>", msgs[i].UserID), r.MsgID, "message ID for user %d", msgs[i].UserID)
		}
	})
}

func TestBroadcastNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var d Dispatcher

		assert.Empty(t, d.Broadcast(nil), "no messages, no receipts")
	})
}
