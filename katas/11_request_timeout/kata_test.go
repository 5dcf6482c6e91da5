package requesttimeout

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDeliveryQuoteFastSupplier(t *testing.T) {
	defer goleak.VerifyNone(t)

	checkout := NewCheckout(func(postcode string) (Quote, error) {
		return Quote{Supplier: "Parcelbird", Cents: 499}, nil
	})

	q, err := checkout.DeliveryQuote(t.Context(), "EC1A 1BB")

	require.NoError(t, err, "a supplier that answers at once should give a quote")
	assert.Equal(t, Quote{Supplier: "Parcelbird", Cents: 499}, q,
		"the checkout should show the supplier's quote")
}

func TestDeliveryQuoteSupplierError(t *testing.T) {
	defer goleak.VerifyNone(t)

	down := errors.New("supplier is down")
	checkout := NewCheckout(func(postcode string) (Quote, error) {
		return Quote{}, down
	})

	_, err := checkout.DeliveryQuote(t.Context(), "EC1A 1BB")

	assert.ErrorIs(t, err, down, "the supplier's own error should reach the caller")
}

func TestDeliveryQuoteSlowSupplierTimesOut(t *testing.T) {
	defer goleak.VerifyNone(t)

	asked := make(chan struct{})
	release := make(chan struct{})
	checkout := NewCheckout(func(postcode string) (Quote, error) {
		close(asked)
		<-release // the supplier answers only when the test lets it
		return Quote{Supplier: "Slowcoach", Cents: 350}, nil
	})

	// The test plays the clock: once the supplier has been asked, the
	// caller's deadline passes.
	ctx, expire := context.WithCancelCause(t.Context())
	defer expire(nil)
	go func() {
		<-asked
		expire(context.DeadlineExceeded)
	}()

	q, err := checkout.DeliveryQuote(ctx, "EC1A 1BB")

	require.ErrorIs(t, err, ErrTimeout, "a supplier slower than the deadline should give ErrTimeout")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the error should say the deadline passed")
	assert.Zero(t, q, "no quote should be returned after a timeout")

	// The checkout page has moved on; now the slow supplier finally answers.
	// Its answer is no longer wanted, and nothing may be left waiting forever.
	close(release)
}
