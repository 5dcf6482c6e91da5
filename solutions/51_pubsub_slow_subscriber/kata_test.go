package pubsubslowsubscriber

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

// The tests run in a testing/synctest bubble: time is fake, and if every
// goroutine ends up blocked for good, the bubble reports a deadlock at once.

func bid(seq int) Event {
	return Event{Seq: seq, Bidder: fmt.Sprintf("bidder-%d", seq%7), Cents: 10_000 + 50*seq}
}

func bids(from, to int) []Event {
	var es []Event
	for seq := from; seq < to; seq++ {
		es = append(es, bid(seq))
	}
	return es
}

// reader drains a subscription in its own goroutine, taking the given
// (fake) time to handle each event, and hands over what it got once the
// subscription is closed.
func reader(events <-chan Event, perEvent time.Duration) <-chan []Event {
	got := make(chan []Event, 1)
	go func() {
		var es []Event
		for e := range events {
			es = append(es, e)
			if perEvent > 0 {
				<-time.After(perEvent)
			}
		}
		got <- es
	}()
	return got
}

// publish is a bidder placing a bid: it calls Publish and checks that the
// call returns at once, without waiting for any subscriber and without any
// (fake) time passing.
func publish(t *testing.T, h *Hub, e Event) {
	t.Helper()
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		h.Publish(e)
		done <- time.Since(start)
	}()
	synctest.Wait() // everything that can happen without time passing has happened
	select {
	case took := <-done:
		if took != 0 {
			require.Zero(t, took, "Publish of bid %d waited %v for a subscriber: a bidder must never wait", e.Seq, took)
		}
	default:
		assert.Fail(t, fmt.Sprintf("Publish of bid %d has not returned: a bidder is waiting for a subscriber that does not read (a bigger buffer only moves the limit)", e.Seq))
		took := <-done // if nothing will ever unblock it, the bubble reports the deadlock
		require.Fail(t, fmt.Sprintf("Publish of bid %d waited %v for a subscriber: a bidder must never wait", e.Seq, took))
	}
}

func TestEverySubscriberGetsEveryBid(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		ticker, stopTicker := h.Subscribe()
		defer stopTicker() // on failure too: let the readers end
		audit, stopAudit := h.Subscribe()
		defer stopAudit()
		tickerGot, auditGot := reader(ticker, 0), reader(audit, 0)

		for seq := range 5 {
			publish(t, h, bid(seq))
		}
		stopTicker()
		stopAudit()

		assert.Equal(t, bids(0, 5), <-tickerGot, "the ticker gets every bid, in order")
		assert.Equal(t, bids(0, 5), <-auditGot, "the audit log gets every bid, in order")
	})
}

func TestStuckSubscriberDoesNotStallBidding(t *testing.T) {
	// Thousands of bids, each handed from goroutine to goroutine: on one
	// thread a hand-over wakes no other thread, which a loaded machine makes
	// slow. The bubble finds a bidder that waits whatever the number of threads.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		ticker, stopTicker := h.Subscribe()
		defer stopTicker() // on failure too: let the readers end
		tickerGot := reader(ticker, 0)

		// The e-mail notifier subscribes, then its mail server hangs and it
		// stops reading its stream. The auction goes on for far more bids
		// than any buffer holds.
		_, stopMailer := h.Subscribe()
		defer stopMailer()
		before := runtime.NumGoroutine()

		const n = 5000
		for seq := range n {
			publish(t, h, bid(seq)) // a bidder must never wait for the mailer
		}
		synctest.Wait()
		assert.Less(t, runtime.NumGoroutine()-before, 100,
			"the hub must not keep a goroutine for every bid the stuck subscriber has not taken: they pile up for as long as it is stuck")
		stopMailer()
		stopTicker()

		got := <-tickerGot
		assert.Len(t, got, n, "the live ticker gets every bid although the mailer is stuck")
		assert.Equal(t, bids(0, n), got, "the live ticker gets every bid, in order")
	})
}

func TestSubscriberFallingBehindLosesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		// The live ticker reads all the time but takes a millisecond per bid:
		// in a flurry of bids it falls a few bids behind, then catches up.
		ticker, stopTicker := h.Subscribe()
		audit, stopAudit := h.Subscribe()
		_, stopMailer := h.Subscribe() // stuck, as before
		tickerGot, auditGot := reader(ticker, time.Millisecond), reader(audit, 0)
		defer func() {
			// On failure too: end the subscriptions, and give the slow ticker
			// the (fake) time to finish the bid in its hands, so that no
			// reader is left behind.
			stopMailer()
			stopTicker()
			stopAudit()
			<-time.After(time.Second)
		}()

		const flurries, perFlurry = 20, 8
		for f := range flurries {
			for i := range perFlurry {
				publish(t, h, bid(f*perFlurry+i)) // eight bids in the same instant
			}
			<-time.After(time.Second) // a quiet second: the ticker catches up
		}
		stopMailer()
		stopTicker()
		stopAudit()

		n := flurries * perFlurry
		sameBids(t, bids(0, n), <-tickerGot,
			"a subscriber that keeps reading but falls a few bids behind in a flurry must still get every bid, in order: dropping whatever it cannot take at that very instant loses bids of a healthy subscriber")
		sameBids(t, bids(0, n), <-auditGot, "the audit log gets every bid, in order")
	})
}

// sameBids reports the first bid where got differs from want, not the whole lists (thousands of
// bids would bury the message).
func sameBids(t *testing.T, want, got []Event, msg string) {
	t.Helper()
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			assert.Fail(t, msg, "bid %d: want %v, got %v (%d of %d bids received)", i, want[i], got[i], len(got), len(want))
			return
		}
	}
	assert.Equal(t, len(want), len(got), msg)
}
