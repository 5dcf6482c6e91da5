// Kata 11: request_timeout.
//
// This is the file to fix. A shop's checkout asks a shipping supplier for a
// delivery quote, but never waits longer than the caller's deadline allows.
package requesttimeout

import (
	"context"
	"errors"
	"fmt"
)

// ErrTimeout is returned when the supplier did not answer in time.
var ErrTimeout = errors.New("shipping quote timed out")

// Quote is a supplier's price for delivering a parcel.
type Quote struct {
	Supplier string
	Cents    int
}

// Supplier asks a remote shipping supplier for a quote. It may be slow.
type Supplier func(postcode string) (Quote, error)

// Checkout gets delivery quotes for the shop's checkout page.
type Checkout struct {
	supplier Supplier
}

// NewCheckout returns a Checkout that asks the given supplier.
func NewCheckout(s Supplier) *Checkout {
	return &Checkout{supplier: s}
}

type answer struct {
	quote Quote
	err   error
}

// DeliveryQuote asks the supplier for a quote and gives up with ErrTimeout as
// soon as ctx is done, so a slow supplier never holds up the checkout page.
func (c *Checkout) DeliveryQuote(ctx context.Context, postcode string) (Quote, error) {
	// Room for one answer: the goroutine can always deliver it and exit,
	// even when nobody is waiting for it any more.
	answers := make(chan answer, 1)
	go func() {
		q, err := c.supplier(postcode)
		answers <- answer{quote: q, err: err}
	}()

	select {
	case a := <-answers:
		return a.quote, a.err
	case <-ctx.Done():
		return Quote{}, fmt.Errorf("%w: postcode %s: %w", ErrTimeout, postcode, context.Cause(ctx))
	}
}
