package earlyreturnresultchan

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errShopDown = errors.New("shop is down")

func TestCheapestOfferWins(t *testing.T) {
	defer goleak.VerifyNone(t)
	prices := map[string]int{"north": 1299, "south": 1149, "east": 1399}

	best, err := BestPrice([]string{"north", "south", "east"}, func(shop string) (int, error) {
		return prices[shop], nil
	})

	require.NoError(t, err, "every shop answered")
	assert.Equal(t, Offer{Shop: "south", Price: 1149}, best, "the cheapest shop wins")
}

func TestNoShops(t *testing.T) {
	_, err := BestPrice(nil, func(string) (int, error) { return 0, nil })
	assert.ErrorIs(t, err, ErrNoShops, "there is nothing to compare")
}

// TestFailingShopStopsTheComparison has one shop fail at once while the
// others are slow: they only answer after BestPrice has returned the error.
// When the test ends, no goroutine may be left behind.
func TestFailingShopStopsTheComparison(t *testing.T) {
	defer goleak.VerifyNone(t)

	slowShops := make(chan struct{})
	ask := func(shop string) (int, error) {
		if shop == "broken" {
			return 0, errShopDown
		}
		<-slowShops
		return 999, nil
	}

	_, err := BestPrice([]string{"north", "broken", "south", "east"}, ask)
	close(slowShops) // the slow shops answer now, after BestPrice gave up on them

	require.Error(t, err, "one shop failed, so there is no best price")
	assert.ErrorIs(t, err, errShopDown, "the error names the shop's failure")
	assert.Contains(t, err.Error(), "broken", "the error says which shop failed")
}
