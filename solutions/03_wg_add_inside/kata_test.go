package wgaddinside

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// tariff is the carrier's price list: a base fee plus a price per kilogram.
func tariff(p Parcel) int {
	cents := 450 + 120*p.WeightKg
	if p.Express {
		cents *= 2
	}
	return cents
}

// batchCarrier prices a whole shipment at once: it answers no request until
// every parcel of the order has been asked about.
type batchCarrier struct {
	asked sync.WaitGroup
}

func newBatchCarrier(parcels int) *batchCarrier {
	c := &batchCarrier{}
	c.asked.Add(parcels)
	return c
}

func (c *batchCarrier) Rate(p Parcel) int {
	c.asked.Done()
	c.asked.Wait()
	return tariff(p)
}

// gatedCarrier answers no request until the test opens the gate: a slow carrier.
type gatedCarrier struct {
	open chan struct{}
}

func (c *gatedCarrier) Rate(p Parcel) int {
	<-c.open
	return tariff(p)
}

func order(n int) []Parcel {
	parcels := make([]Parcel, n)
	for i := range parcels {
		parcels[i] = Parcel{ID: fmt.Sprintf("P%02d", i+1), WeightKg: 1 + i%7, Express: i%3 == 0}
	}
	return parcels
}

func TestQuoteShippingWaitsForASlowCarrier(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	synctest.Test(t, func(t *testing.T) {
		parcels := order(24)
		carrier := &gatedCarrier{open: make(chan struct{})}
		start := time.Now()
		var est Estimate
		done := make(chan struct{})
		go func() {
			defer close(done)
			est = QuoteShipping(carrier, parcels)
		}()

		synctest.Wait() // every goroutine is now blocked: the carrier has not answered yet
		returnedEarly := false
		select {
		case <-done:
			returnedEarly = true
		default:
		}
		close(carrier.open)
		<-done

		require.False(t, returnedEarly,
			"QuoteShipping returned before the carrier had answered: wg.Wait() must not run before every goroutine is counted")
		assert.Zero(t, time.Since(start),
			"QuoteShipping must wait for its goroutines, not for a clock: a sleep only makes a late wg.Add likely to come first")
		require.Len(t, est.Quotes, len(parcels), "one quote per parcel")
		for i, q := range est.Quotes {
			assert.Equal(t, tariff(parcels[i]), q.Cents, "price of parcel %s", parcels[i].ID)
		}
	})
}

func TestQuoteShippingQuotesEveryParcel(t *testing.T) {
	// One CPU, as on a small container: goroutines start when the caller waits or is
	// preempted, never in parallel with it. (The race detector needs no parallelism.)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	// The bubble waits for every goroutine QuoteShipping started, and reports at once
	// a carrier that can never answer (for example when the parcels are rated one by one).
	synctest.Test(t, func(t *testing.T) {
		parcels := order(24)

		est := QuoteShipping(newBatchCarrier(len(parcels)), parcels)

		require.Len(t, est.Quotes, len(parcels), "one quote per parcel")
		want := 0
		for i, q := range est.Quotes {
			assert.Equal(t, parcels[i].ID, q.ParcelID, "quote %d must belong to parcel %s", i, parcels[i].ID)
			assert.Equal(t, tariff(parcels[i]), q.Cents, "price of parcel %s", parcels[i].ID)
			want += tariff(parcels[i])
		}
		assert.Equal(t, want, est.TotalCents, "the total is the sum of the quotes")
	})
}

func TestQuoteShippingEmptyOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		est := QuoteShipping(newBatchCarrier(0), nil)

		assert.Empty(t, est.Quotes, "no parcels, no quotes")
		assert.Zero(t, est.TotalCents, "no parcels, free shipping")
	})
}
