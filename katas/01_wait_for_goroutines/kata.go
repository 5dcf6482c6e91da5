// Kata 01: wait for goroutines.
//
// This is the file to fix. The tests in kata_test.go describe what FetchPrices must do.
package waitforgoroutines

import (
	"context"
	"hash/fnv"
	"maps"
	"sync"
	"time"
)

// quoteLatency is how long the pricing service takes to answer one request.
const quoteLatency = 40 * time.Millisecond

// listPrice is the price, in cents, that the pricing service knows for an item.
func listPrice(sku string) int {
	h := fnv.New32a()
	h.Write([]byte(sku))
	return 100 + int(h.Sum32()%9900)
}

// quote asks the pricing service for the price of one item, in cents.
func quote(ctx context.Context, sku string) (int, error) {
	select {
	case <-time.After(quoteLatency): // the network round trip
		return listPrice(sku), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// PriceBook collects prices from many goroutines.
type PriceBook struct {
	mu     sync.Mutex
	prices map[string]int
}

func (b *PriceBook) set(sku string, cents int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.prices[sku] = cents
}

// Snapshot returns a copy of the prices collected so far.
func (b *PriceBook) Snapshot() map[string]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.prices)
}

// FetchPrices asks the pricing service for every item at once and returns the
// price of each item, keyed by SKU. An item whose quote fails is left out.
func FetchPrices(ctx context.Context, skus []string) map[string]int {
	book := &PriceBook{prices: make(map[string]int, len(skus))}
	for _, sku := range skus {
		go func() {
			cents, err := quote(ctx, sku)
			if err != nil {
				return
			}
			book.set(sku, cents)
		}()
	}
	return book.Snapshot()
}
