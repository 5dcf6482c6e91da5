package waitforgoroutines

import (
	"context"
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

func catalogue(n int) []string {
	skus := make([]string, n)
	for i := range skus {
		skus[i] = fmt.Sprintf("SKU-%04d", i+1)
	}
	return skus
}

// oneProcessor runs the test on a single P, so that a goroutine FetchPrices has just started
// runs only once FetchPrices blocks or returns. This makes "started" and "finished" clearly
// different moments in every run: a fix that relies on a goroutine having run (a wg.Add inside
// the goroutine, a runtime.Gosched) fails the same way each time.
func oneProcessor(t *testing.T) {
	t.Cleanup(func(n int) func() { return func() { runtime.GOMAXPROCS(n) } }(runtime.GOMAXPROCS(1)))
}

func TestFetchPricesReturnsEveryPrice(t *testing.T) {
	oneProcessor(t)
	// Inside the bubble the pricing service's latency is fake time: the test takes microseconds.
	// t.Context() is cancelled when the test ends, so quotes still in flight then give up.
	synctest.Test(t, func(t *testing.T) {
		skus := catalogue(100)
		start := time.Now()

		prices := FetchPrices(t.Context(), skus)
		elapsed := time.Since(start)

		require.Len(t, prices, len(skus), "FetchPrices must return a price for every item it was asked about: "+
			"it has to wait until every goroutine it started has finished (a wg.Add inside the goroutine comes too late, "+
			"and a deferred wg.Wait runs after the snapshot was taken)")
		for _, sku := range skus {
			assert.Equal(t, listPrice(sku), prices[sku], "price of %s", sku)
		}
		assert.Equal(t, quoteLatency, elapsed,
			"the items must be priced concurrently: one round trip for the whole catalogue")
	})
}

func TestFetchPricesWaitsForQuotesThatFail(t *testing.T) {
	oneProcessor(t)
	// The refresh is cancelled half-way through the round trip: every quote gives up then, and
	// FetchPrices must return at that moment, with no prices.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), quoteLatency/2)
		defer cancel()
		start := time.Now()
		var prices map[string]int
		var elapsed time.Duration
		done := make(chan struct{})
		go func() {
			defer close(done)
			prices = FetchPrices(ctx, catalogue(20))
			elapsed = time.Since(start)
		}()
		select {
		case <-done:
		case <-time.After(time.Hour):
			require.Fail(t, "FetchPrices never returned once its refresh was cancelled: "+
				"a quote that fails must still count as finished (its goroutine returns before the line that marks it done)")
		}
		assert.Empty(t, prices, "a refresh cancelled before any quote arrived has no prices")
		assert.Equal(t, quoteLatency/2, elapsed,
			"FetchPrices must wait for its quotes, not for a fixed time: a refresh whose quotes give up early "+
				"(here cancelled after half a round trip) must return when they do, and a slower quote would be lost")
	})
}

func TestFetchPricesWithNoItems(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		assert.Empty(t, FetchPrices(t.Context(), nil), "no items, no prices")
	})
}
