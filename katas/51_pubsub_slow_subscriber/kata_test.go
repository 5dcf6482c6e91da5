package pubsubslowsubscriber

import (
	"fmt"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The tests run in a testing/synctest bubble: if every goroutine ends up
// blocked for good, the bubble reports a deadlock at once.

func bid(seq int) Event {
	return Event{Seq: seq, Bidder: fmt.Sprintf("bidder-%d", seq%7), Cents: 10_000 + 50*seq}
}

// reader drains a subscription in its own goroutine and hands over what it
// got once the subscription is closed.
func reader(events <-chan Event) <-chan []Event {
	got := make(chan []Event, 1)
	go func() {
		var es []Event
		for e := range events {
			es = append(es, e)
		}
		got <- es
	}()
	return got
}

func TestEverySubscriberGetsEveryBid(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		ticker, stopTicker := h.Subscribe()
		audit, stopAudit := h.Subscribe()
		tickerGot, auditGot := reader(ticker), reader(audit)

		for seq := range 5 {
			h.Publish(bid(seq))
			synctest.Wait() // let the readers keep up
		}
		stopTicker()
		stopAudit()

		want := []Event{bid(0), bid(1), bid(2), bid(3), bid(4)}
		assert.Equal(t, want, <-tickerGot, "the ticker gets every bid, in order")
		assert.Equal(t, want, <-auditGot, "the audit log gets every bid, in order")
	})
}

func TestStuckSubscriberDoesNotStallBidding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := NewHub()
		ticker, stopTicker := h.Subscribe()
		tickerGot := reader(ticker)

		// The e-mail notifier subscribes, then its mail server hangs and it
		// stops reading its stream.
		_, stopMailer := h.Subscribe()

		const bids = 100
		for seq := range bids {
			h.Publish(bid(seq)) // a bidder must never wait for the mailer
			synctest.Wait()     // let the ticker keep up
		}
		stopMailer()
		stopTicker()

		got := <-tickerGot
		assert.Len(t, got, bids, "the live ticker gets every bid although the mailer is stuck")
		for i, e := range got {
			assert.Equal(t, bid(i), e, "ticker event %d", i)
		}
	})
}
