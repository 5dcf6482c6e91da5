package requesttimeout

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every test runs inside a synctest bubble: synctest.Wait returns once every
// other goroutine of the test is blocked, so the test can tell for certain
// whether DeliveryQuote has returned, and whether a goroutine is left behind.

type result struct {
	quote Quote
	err   error
}

// ask starts DeliveryQuote in its own goroutine and returns its result channel.
func ask(c *Checkout, ctx context.Context) <-chan result {
	res := make(chan result, 1)
	go func() {
		q, err := c.DeliveryQuote(ctx, "EC1A 1BB")
		res <- result{q, err}
	}()
	return res
}

// returned waits until every goroutine is blocked and says whether
// DeliveryQuote has returned by then.
func returned(res <-chan result) (result, bool) {
	synctest.Wait()
	select {
	case r := <-res:
		return r, true
	default:
		return result{}, false
	}
}

// goroutines returns the stack of every goroutine, by id.
func goroutines() map[string]string {
	buf := make([]byte, 1<<16)
	buf = buf[:runtime.Stack(buf, true)]
	ids := map[string]string{}
	for _, stack := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(stack, "\n")
		id, _, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " ")
		ids[id] = stack
	}
	return ids
}

// assertNothingLeft waits until every goroutine is blocked and checks that
// none of the goroutines started since before is still there. No fake time
// passes meanwhile: a goroutine that gives up only after a timer is left too.
func assertNothingLeft(t *testing.T, before map[string]string) {
	t.Helper()
	synctest.Wait()
	var left []string
	for id, stack := range goroutines() {
		if _, ok := before[id]; !ok {
			left = append(left, stack)
		}
	}
	assert.Empty(t, left, "a goroutine is left behind once the supplier has answered: "+
		"nobody will ever take the late answer, so handing it over must not wait for a receiver")
}

func TestDeliveryQuoteFastSupplier(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := goroutines()
		checkout := NewCheckout(func(postcode string) (Quote, error) {
			return Quote{Supplier: "Parcelbird", Cents: 499}, nil
		})

		r, ok := returned(ask(checkout, t.Context()))

		require.True(t, ok, "DeliveryQuote never returns although the supplier answered at once")
		require.NoError(t, r.err, "a supplier that answers at once should give a quote")
		assert.Equal(t, Quote{Supplier: "Parcelbird", Cents: 499}, r.quote,
			"the checkout should show the supplier's quote")
		assertNothingLeft(t, before)
	})
}

func TestDeliveryQuoteSupplierError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		down := errors.New("supplier is down")
		checkout := NewCheckout(func(postcode string) (Quote, error) {
			return Quote{}, down
		})

		r, ok := returned(ask(checkout, t.Context()))

		require.True(t, ok, "DeliveryQuote never returns although the supplier answered at once")
		assert.ErrorIs(t, r.err, down, "the supplier's own error should reach the caller")
	})
}

func TestDeliveryQuoteSlowSupplierTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := goroutines()
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
		res := ask(checkout, ctx)
		<-asked
		expire(context.DeadlineExceeded)

		r, ok := returned(res)
		if !assert.True(t, ok, "DeliveryQuote waited for the slow supplier: it must give up as soon as the context is done") {
			close(release)
			<-res
			return
		}
		require.ErrorIs(t, r.err, ErrTimeout, "a supplier slower than the deadline should give ErrTimeout")
		assert.ErrorIs(t, r.err, context.DeadlineExceeded, "the error should say the deadline passed")
		assert.Zero(t, r.quote, "no quote should be returned after a timeout")

		// The checkout page has moved on; now the slow supplier finally answers.
		// Its answer is no longer wanted, and nothing may be left waiting forever.
		close(release)
		assertNothingLeft(t, before)
	})
}

// lateListener is a context whose Done blocks until the test opens the gate:
// it plays a DeliveryQuote that is slow to reach its select, for instance
// because it was descheduled right after starting the goroutine.
type lateListener struct {
	context.Context
	gate chan struct{}
}

func (l lateListener) Done() <-chan struct{} {
	<-l.gate
	return l.Context.Done()
}

func TestDeliveryQuoteAnswerBeforeTheCallerListens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := goroutines()
		checkout := NewCheckout(func(postcode string) (Quote, error) {
			return Quote{Supplier: "Parcelbird", Cents: 499}, nil
		})
		ctx := lateListener{Context: t.Context(), gate: make(chan struct{})}

		res := ask(checkout, ctx)
		synctest.Wait() // the supplier has answered; DeliveryQuote is not listening yet
		close(ctx.gate)

		r, ok := returned(res)
		if !assert.True(t, ok, "the supplier answered before DeliveryQuote was listening, and its answer was dropped: "+
			"DeliveryQuote waits for an answer that already came") {
			return
		}
		require.NoError(t, r.err, "a supplier that answers at once should give a quote")
		assert.Equal(t, Quote{Supplier: "Parcelbird", Cents: 499}, r.quote,
			"the checkout should show the supplier's quote")
		assertNothingLeft(t, before)
	})
}

func TestDeliveryQuoteAnswerAndDeadlineAtOnce(t *testing.T) {
	// The supplier answers just as the deadline passes: either outcome is
	// fine, but whichever the select picks, nothing may be left behind. The
	// select picks at random, so the scenario is played many times.
	synctest.Test(t, func(t *testing.T) {
		before := goroutines()
		checkout := NewCheckout(func(postcode string) (Quote, error) {
			return Quote{Supplier: "Parcelbird", Cents: 499}, nil
		})
		for range 100 {
			inner, expire := context.WithCancelCause(t.Context())
			ctx := lateListener{Context: inner, gate: make(chan struct{})}

			res := ask(checkout, ctx)
			synctest.Wait() // the supplier has answered, before the deadline
			expire(context.DeadlineExceeded)
			close(ctx.gate)

			r, ok := returned(res)
			require.True(t, ok, "DeliveryQuote never returns although the supplier answered and the deadline passed")
			if r.err != nil {
				require.ErrorIs(t, r.err, ErrTimeout, "the only error possible here is ErrTimeout")
			}
		}
		assertNothingLeft(t, before)
	})
}
