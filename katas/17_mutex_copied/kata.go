// Kata 17: mutex_copied.
//
// This is the file to fix. A cinema's box office sells seats for its
// showings from several ticket desks and a website at the same time.
package mutexcopied

import (
	"errors"
	"sync"
)

// ErrSoldOut is returned when a showing has fewer seats left than asked for.
var ErrSoldOut = errors.New("not enough seats left")

// ErrNoShowing is returned for a showing the box office does not sell.
var ErrNoShowing = errors.New("no such showing")

type screening struct {
	seats int // total seats in the hall
	sold  int
}

// BoxOffice sells seats. It is safe for concurrent use.
type BoxOffice struct {
	mu       sync.Mutex
	showings map[string]*screening // fixed when the box office opens
}

// NewBoxOffice opens the box office with the given number of seats per showing.
func NewBoxOffice(seats map[string]int) *BoxOffice {
	showings := make(map[string]*screening, len(seats))
	for name, n := range seats {
		showings[name] = &screening{seats: n}
	}
	return &BoxOffice{showings: showings}
}

// Buy sells n seats for showing, or sells none and returns an error.
func (b BoxOffice) Buy(showing string, n int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.showings[showing]
	if !ok {
		return ErrNoShowing
	}
	if s.sold+n > s.seats {
		return ErrSoldOut
	}
	s.sold += n
	return nil
}

// SeatsLeft returns how many seats are still for sale for showing.
func (b BoxOffice) SeatsLeft(showing string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.showings[showing]
	if !ok {
		return 0
	}
	return s.seats - s.sold
}
