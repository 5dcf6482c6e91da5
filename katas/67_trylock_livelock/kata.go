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
// parallel. The first version locked both bins with Lock and froze the
// warehouse when two pickers moved stock between the same two bins in
// opposite directions; this one never waits while it holds a bin.
func Move(from, to *Bin, qty int) error {
	if from == to {
		return ErrSameBin
	}

	for {
		from.mu.Lock()
		if testHook != nil {
			testHook()
		}
		if to.mu.TryLock() {
			break
		}
		// The other bin is busy: let go of ours, so nobody waits on us,
		// and try again.
		from.mu.Unlock()
	}
	defer from.mu.Unlock()
	defer to.mu.Unlock()

	if from.items < qty {
		return fmt.Errorf("move %d from bin %d: %w", qty, from.ID, ErrInsufficientStock)
	}
	from.items -= qty
	to.items += qty
	return nil
}
