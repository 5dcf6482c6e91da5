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
}
