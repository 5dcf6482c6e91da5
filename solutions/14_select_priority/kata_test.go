package selectpriority

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// rounds is how many times each scenario is replayed. A `select` with more
// than one ready case may take any of them, so one lucky run proves nothing.
const rounds = 500

func queue(n int) chan Payment {
	payments := make(chan Payment, n)
	for i := range n {
		payments <- Payment{ID: fmt.Sprintf("pay-%d", i), Cents: int64(100 * (i + 1))}
	}
	return payments
}

func TestSendsEveryPaymentBeforeCutoff(t *testing.T) {
	payments := queue(5)
	close(payments)
	cutoff := make(chan struct{}) // the cut-off never comes today

	var sent []string
	Send(cutoff, payments, func(p Payment) { sent = append(sent, p.ID) })

	assert.Equal(t, []string{"pay-0", "pay-1", "pay-2", "pay-3", "pay-4"}, sent,
		"before the cut-off every queued payment should be sent, in order")
}

func TestNothingSentAfterCutoff(t *testing.T) {
	for round := range rounds {
		// The cut-off has already passed when the sender wakes up, and three
		// payments are still queued.
		payments := queue(3)
		cutoff := make(chan struct{})
		close(cutoff)

		var sent []string
		Send(cutoff, payments, func(p Payment) { sent = append(sent, p.ID) })

		require.Empty(t, sent,
			"round %d: once the cut-off is closed, no queued payment may be sent", round)
		require.Len(t, payments, 3,
			"round %d: a payment taken off the queue after the cut-off and not sent is lost: payments not sent must stay queued for the next business day", round)
	}
}

func TestCutoffDuringBatch(t *testing.T) {
	for round := range rounds {
		// The cut-off is announced while the first payment is being sent:
		// that one goes out, none after it.
		payments := queue(3)
		cutoff := make(chan struct{})

		var sent []string
		Send(cutoff, payments, func(p Payment) {
			sent = append(sent, p.ID)
			if len(sent) == 1 {
				close(cutoff)
			}
		})

		require.Equal(t, []string{"pay-0"}, sent,
			"round %d: after the cut-off is announced, the sender must stop before the next payment", round)
		require.Len(t, payments, 2,
			"round %d: a payment taken off the queue after the cut-off and not sent is lost: payments not sent must stay queued for the next business day", round)
	}
}

func TestIdleSenderStopsAtCutoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A quiet afternoon: the queue is empty but open, and the sender
		// waits for the next payment when the cut-off is announced.
		payments := make(chan Payment)
		cutoff := make(chan struct{})
		var sent []string
		returned := make(chan struct{})
		go func() {
			defer close(returned)
			Send(cutoff, payments, func(p Payment) { sent = append(sent, p.ID) })
		}()
		// A sender with nothing to do should park until a payment or the
		// cut-off comes; it gets plenty of chances to do so. (Fake time
		// stands still meanwhile; synctest.Wait would never return while
		// the sender spins.)
		for i := 0; i < 50 && senderBusy(); i++ {
			for range 100 {
				runtime.Gosched()
			}
		}
		if senderBusy() {
			assert.Fail(t, "an idle sender should wait for a payment or the cut-off, not spin",
				"a select with default in a loop keeps polling both channels and burns a CPU all day")
			close(cutoff)
			<-returned
			return
		}
		synctest.Wait()
		select {
		case <-returned:
			assert.Fail(t, "Send returned while the cut-off was still open and the queue was open")
		default:
		}

		close(cutoff)
		synctest.Wait()
		select {
		case <-returned:
		default:
			assert.Fail(t, "an idle sender must return as soon as the cut-off is announced",
				"Send waits only for the next payment and does not see the cut-off while the queue is empty")
		}

		close(payments) // let a sender that missed the cut-off end
		<-returned
		assert.Empty(t, sent, "no payment was queued")
	})
}

// senderBusy reports whether a goroutine of this synctest bubble, other than
// the caller, is running or ready to run instead of being durably blocked (a
// sender parked on its channels is durably blocked).
func senderBusy() bool {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	stacks := strings.Split(string(buf), "\n\n")
	for _, stack := range stacks[1:] { // stacks[0] is the caller
		header, _, _ := strings.Cut(stack, "\n")
		if strings.Contains(header, "synctest bubble") && !strings.Contains(header, "durable") {
			return true
		}
	}
	return false
}
