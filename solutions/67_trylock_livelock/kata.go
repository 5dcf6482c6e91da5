// Kata 67: TryLock livelock.
//
// A warehouse keeps its stock in bins, and the pickers' handhelds move items
// from one bin to another all day long. This is the file to fix: make the
// tests in kata_test.go pass without changing them.
package trylocklivelock

import (
	"errors"
	"fmt"
	"sync"
)

var (
	// ErrInsufficientStock is returned when a bin holds fewer items than asked for.
	ErrInsufficientStock = errors.New("insufficient stock")
	// ErrSameBin is returned for a move from a bin to itself.
	ErrSameBin = errors.New("cannot move stock to the same bin")
)

// Bin is a storage bin. IDs are unique within the warehouse.
type Bin struct {
	ID    int
	mu    sync.Mutex
	items int
}

// NewBin returns a bin holding items items.
func NewBin(id, items int) *Bin {
	return &Bin{ID: id, items: items}
}

// Items returns how many items the bin holds.
func (b *Bin) Items() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.items
}

// testHook is nil in production. The tests set it to pause a move right
// after it has locked its first bin, the way a busy scheduler would.
var testHook func()

// Move moves qty items from one bin to another, atomically: nobody sees the
// items in both bins or in neither. Moves between different bins run in
// parallel. Every move locks its two bins in one global order, the
// lower ID first, so two moves never hold one bin each while waiting for the
// other's: whichever locks the shared lower bin first finishes, then the
// other goes.
func Move(from, to *Bin, qty int) error {
	if from == to {
		return ErrSameBin
	}

	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	if testHook != nil {
		testHook()
	}
	second.mu.Lock()
	defer second.mu.Unlock()

	if from.items < qty {
		return fmt.Errorf("move %d from bin %d: %w", qty, from.ID, ErrInsufficientStock)
	}
	from.items -= qty
	to.items += qty
	return nil
}
