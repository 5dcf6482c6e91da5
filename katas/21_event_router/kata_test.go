package eventrouter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type GiftCardIssued struct{ Code string }

func TestRouterDispatchesAndStops(t *testing.T) {
	defer goleak.VerifyNone(t)

	running := goleak.IgnoreCurrent() // the goroutines from before the router started
	r := NewRouter()
	r.Start()

	events := []any{
		OrderPlaced{ID: "A-1", Cents: 1999},
		OrderPlaced{ID: "A-2", Cents: 500},
		OrderCancelled{ID: "A-1", Reason: "changed mind"},
		OrderCancelled{ID: "Z-9", Reason: "typo"},
		GiftCardIssued{Code: "XMAS"},
		Shutdown{},
	}

	// The publisher sends its events while the test reads the ledger.
	go func() {
		for _, ev := range events {
			r.Inbox() <- ev
		}
	}()

	var got []string
	for line := range r.Ledger() {
		got = append(got, line)
	}

	assert.Equal(t, []string{
		"placed A-1 19.99",
		"placed A-2 5.00",
		"refund A-1 19.99 (changed mind)",
		"ignored cancel of unknown order Z-9",
		"unknown event eventrouter.GiftCardIssued",
		"closing with 1 open orders",
	}, got, "every event should produce its ledger line, in order")

	// The ledger is closed: the router has handled Shutdown, and its
	// goroutine must have ended.
	// (goleak's own report follows from VerifyNone; the message below says what it means.)
	if !assert.True(t, goleak.Find(running) == nil,
		"the router goroutine is still running after it handled Shutdown: a break inside a switch "+
			"(or a select) leaves only the switch, and a flag checked at the top of the loop is only seen "+
			"when another event arrives; the loop itself must end") {
		return
	}

	// A slow publisher, one of several that share the inbox, publishes after
	// Shutdown; it gives up when nobody listens. The inbox is shared, so it
	// must still be open: only a channel's sole sender may close it.
	select {
	case r.Inbox() <- OrderPlaced{ID: "A-3", Cents: 100}:
		t.Error("an event published after Shutdown was taken, yet the router had stopped")
	default:
	}
}
