// Kata 52: check then act.
//
// A ticket shop sells the seats of its shows through two checkouts, the web
// shop and the mobile app, over one shared seat inventory. This is the file
// to fix: make the tests in kata_test.go pass without changing them.
package checkthenact

import (
	"errors"
	"sync"
)

// ErrSoldOut means the show has fewer seats left than the buyer asked for.
var ErrSoldOut = errors.New("sold out")

// ErrBadRequest means the buyer asked for no seats at all.
var ErrBadRequest = errors.New("ask for at least one seat")

// Stock is what a Checkout sells from: the in-memory Inventory below, or,
// later, the box office's database.
type Stock interface {
	TryReserve(show string, seats int, buyer string) bool
}

// Inventory counts the seats left for each show. Every method is safe to
// call from many goroutines at once.
type Inventory struct {
	mu      sync.Mutex
	left    map[string]int
	holders map[string][]string
}

// NewInventory returns an inventory with the given number of seats per show.
func NewInventory(seats map[string]int) *Inventory {
	inv := &Inventory{left: make(map[string]int), holders: make(map[string][]string)}
	for show, n := range seats {
		inv.left[show] = n
	}
	return inv
}

// Available reports whether show has at least seats seats left.
func (inv *Inventory) Available(show string, seats int) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.left[show] >= seats
}

// Reserve takes seats seats of show for buyer, without checking that they
// are left: only for callers that know they are (use TryReserve otherwise).
func (inv *Inventory) Reserve(show string, seats int, buyer string) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.left[show] -= seats
	for range seats {
		inv.holders[show] = append(inv.holders[show], buyer)
	}
}

// TryReserve takes seats seats of show for buyer if that many are left, and
// reports whether it did. The check and the reservation happen under one
// lock, so no other buyer can take the seats in between.
func (inv *Inventory) TryReserve(show string, seats int, buyer string) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.left[show] < seats {
		return false
	}
	inv.left[show] -= seats
	for range seats {
		inv.holders[show] = append(inv.holders[show], buyer)
	}
	return true
}

// Left returns the number of seats left for show.
func (inv *Inventory) Left(show string) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.left[show]
}

// Holders returns the buyer of every seat sold for show, one entry per seat.
func (inv *Inventory) Holders(show string) []string {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return append([]string(nil), inv.holders[show]...)
}

// Checkout sells seats from a stock; the web shop and the app have one each.
type Checkout struct {
	stock Stock
}

// NewCheckout returns a checkout that sells from stock.
func NewCheckout(stock Stock) *Checkout {
	return &Checkout{stock: stock}
}

// Buy sells seats seats of show to buyer, or returns ErrSoldOut.
func (c *Checkout) Buy(show string, seats int, buyer string) error {
	if seats <= 0 {
		return ErrBadRequest
	}
	// One call, one lock: Available then Reserve would be two steps, and
	// another checkout could take the seats between them.
	if !c.stock.TryReserve(show, seats, buyer) {
		return ErrSoldOut
	}
	return nil
}
