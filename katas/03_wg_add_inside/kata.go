// Kata 03: WaitGroup.Add inside the goroutine.
//
// This is the file to fix. The tests in kata_test.go describe what QuoteShipping must do.
package wgaddinside

import "sync"

// Parcel is one box of an order.
type Parcel struct {
	ID       string
	WeightKg int
	Express  bool
}

// Carrier is the shipping company's rating API.
type Carrier interface {
	// Rate returns the price, in cents, of shipping one parcel.
	Rate(p Parcel) int
}

// Quote is the carrier's price for one parcel.
type Quote struct {
	ParcelID string
	Cents    int
}

// Estimate is what the checkout page shows for shipping an order.
type Estimate struct {
	Quotes     []Quote // in the order of the parcels
	TotalCents int
}

// QuoteShipping asks the carrier to rate all the parcels of an order
// concurrently, one request per parcel, and adds up the total.
func QuoteShipping(c Carrier, parcels []Parcel) Estimate {
	quotes := make([]Quote, len(parcels))
	var wg sync.WaitGroup
	for i, p := range parcels {
		go func() {
			wg.Add(1)
			defer wg.Done()
			quotes[i] = Quote{ParcelID: p.ID, Cents: c.Rate(p)}
		}()
	}
	wg.Wait()

	total := 0
	for _, q := range quotes {
		total += q.Cents
	}
	return Estimate{Quotes: quotes, TotalCents: total}
}
