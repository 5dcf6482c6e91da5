package cacherlockwrite

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var stock = map[string]Product{
	"tea": {SKU: "tea", Name: "Green tea", Cents: 450},
	"mug": {SKU: "mug", Name: "Stoneware mug", Cents: 1200},
}

// countingLookup is a fake product database that counts the questions it gets.
func countingLookup(calls *atomic.Int32) func(string) Product {
	return func(sku string) Product {
		calls.Add(1)
		return stock[sku]
	}
}

func TestGetCachesProducts(t *testing.T) {
	var calls atomic.Int32
	c := NewCatalog(countingLookup(&calls))

	assert.Equal(t, stock["tea"], c.Get("tea"), "the first Get asks the database")
	assert.Equal(t, stock["tea"], c.Get("tea"), "the second Get is served from the cache")
	assert.Equal(t, int32(1), calls.Load(), "a cached product must not be looked up again")
	assert.Equal(t, 1, c.Len(), "one product is cached")
}

func TestTwoShoppersAtOnce(t *testing.T) {
	var calls atomic.Int32
	c := NewCatalog(countingLookup(&calls))

	// Two shoppers open two different product pages at the same time.
	skus := []string{"tea", "mug"}
	got := make([]Product, len(skus))
	var wg sync.WaitGroup
	for i, sku := range skus {
		wg.Go(func() { got[i] = c.Get(sku) })
	}
	wg.Wait()

	for i, sku := range skus {
		assert.Equal(t, stock[sku], got[i], "shopper %d must see the %s page", i, sku)
	}
	assert.Equal(t, 2, c.Len(), "both products end up in the cache")
	assert.Equal(t, stock["mug"], c.Get("mug"), "a cached product is served from the cache")
	assert.Equal(t, int32(2), calls.Load(), "each product is looked up once")
}
