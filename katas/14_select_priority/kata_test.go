package selectpriority

import (
	"fmt"
	"testing"

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
	}
}
