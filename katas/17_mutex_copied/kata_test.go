package mutexcopied

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBuySeats(t *testing.T) {
	b := NewBoxOffice(map[string]int{"Metropolis 20:00": 3})

	require.NoError(t, b.Buy("Metropolis 20:00", 2), "two of three seats should sell")
	assert.ErrorIs(t, b.Buy("Metropolis 20:00", 2), ErrSoldOut, "only one seat is left")
	assert.ErrorIs(t, b.Buy("Nosferatu 22:00", 1), ErrNoShowing, "an unknown showing should be refused")
	assert.Equal(t, 1, b.SeatsLeft("Metropolis 20:00"), "one seat should be left")
}

func TestDesksSellAtTheSameTime(t *testing.T) {
	const desks, sales = 4, 30 // 120 attempts for 100 seats

	// The race detector works from the order of events, not from luck: one
	// CPU is enough for it, and keeps every run of this test the same.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	b := NewBoxOffice(map[string]int{"Metropolis 20:00": 100})
	var sold, refused atomic.Int64
	var wg sync.WaitGroup
	for range desks {
		wg.Go(func() {
			for range sales {
				if err := b.Buy("Metropolis 20:00", 1); err != nil {
					refused.Add(1)
					continue
				}
				sold.Add(1)
			}
		})
	}
	wg.Wait()

	assert.Equal(t, int64(100), sold.Load(), "exactly the 100 seats should be sold, never more")
	assert.Equal(t, int64(desks*sales-100), refused.Load(), "every sale past 100 should be refused")
	assert.Zero(t, b.SeatsLeft("Metropolis 20:00"), "the showing should end sold out")
}

func TestWebsiteShowsSeatsWhileDesksSell(t *testing.T) {
	// Each round opens a fresh box office, so the race detector judges every
	// round on its own: two desks sell the last seat while the website shows
	// how many are left, and only the box office itself orders the three calls.
	for range 100 {
		b := NewBoxOffice(map[string]int{"Metropolis 20:00": 1})
		var sold atomic.Int64
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if b.Buy("Metropolis 20:00", 1) == nil {
					sold.Add(1)
				}
			})
		}
		left := b.SeatsLeft("Metropolis 20:00")
		wg.Wait()

		assert.True(t, left == 0 || left == 1, "the website should show zero or one seat left, not %d", left)
		assert.Equal(t, int64(1), sold.Load(), "two desks selling the last seat: exactly one of them should sell it")
		assert.Zero(t, b.SeatsLeft("Metropolis 20:00"), "the showing should end sold out")
	}
}
