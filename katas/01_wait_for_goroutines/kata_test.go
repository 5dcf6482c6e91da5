package waitforgoroutines

import (
	"fmt"
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

func TestFetchPricesReturnsEveryPrice(t *testing.T) {
	// Inside the bubble the pricing service's latency is fake time: the test takes microseconds.
	// t.Context() is cancelled when the test ends, so quotes still in flight then give up.
	synctest.Test(t, func(t *testing.T) {
		skus := catalogue(100)
		start := time.Now()

		prices := FetchPrices(t.Context(), skus)
		elapsed := time.Since(start)

		require.Len(t, prices, len(skus), "FetchPrices must return a price for every item it was asked about")
		for _, sku := range skus {
			assert.Equal(t, listPrice(sku), prices[sku], "price of %s", sku)
		}
		assert.Equal(t, quoteLatency, elapsed,
			"the items must be priced concurrently: one round trip for the whole catalogue")
	})
}

func TestFetchPricesWithNoItems(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		assert.Empty(t, FetchPrices(t.Context(), nil), "no items, no prices")
	})
}
