package earlyreturnresultchan

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errShopDown = errors.New("shop is down")

// The tests run in testing/synctest bubbles: synctest.Wait returns once every
// goroutine of the bubble is blocked or gone, so the tests can tell "BestPrice
// has returned" from "BestPrice is still waiting" without any timer, and can
// list the goroutines that are left once every shop has answered.

// leftovers returns the stacks of the goroutines of the current bubble that
// are still there, apart from the test's own. Call it after synctest.Wait.
func leftovers() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var left []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		if !strings.Contains(header, "synctest bubble") ||
			strings.Contains(g, "testing/synctest.") || strings.Contains(g, "internal/synctest.") {
			continue
		}
		left = append(left, g)
	}
	return left
}

// assertNoLeftovers fails with a message that says what the goroutines that
// are still there are waiting for.
func assertNoLeftovers(t *testing.T, what string) {
	t.Helper()
	left := leftovers()
	if len(left) == 0 {
		return
	}
	why := "a goroutine that BestPrice started never finishes"
	switch {
	case strings.Contains(left[0], "[chan send"):
		why = "a shop's goroutine is still blocked sending its quote, and nobody will ever receive it"
	case strings.Contains(left[0], "[chan receive"):
		why = "a goroutine is still blocked receiving: a drain loop over a channel nobody closes never ends"
	}
	assert.Zero(t, len(left), "%s, goroutines are left: %s. The first one:\n%s", what, why, left[0])
}

// bestPriceAsync starts BestPrice and returns a channel that delivers its
// result once it has returned.
func bestPriceAsync(shops []string, ask func(string) (int, error)) <-chan result {
	res := make(chan result, 1)
	go func() {
		best, err := BestPrice(shops, ask)
		res <- result{best, err}
	}()
	return res
}

// requireReturned stops the test if BestPrice, whose every shop has
// answered, has not returned: it waits for a quote that will never come.
func requireReturned(t *testing.T, res <-chan result) result {
	t.Helper()
	select {
	case r := <-res:
		return r
	default:
		require.FailNow(t, "BestPrice never returns although every shop answered",
			"BestPrice is still waiting for a quote that was thrown away: a send with a default case drops quotes whenever BestPrice is not receiving at that very moment")
		return result{}
	}
}

type result struct {
	best Offer
	err  error
}

func shopNames(n int) []string {
	shops := make([]string, n)
	for i := range shops {
		shops[i] = fmt.Sprintf("shop-%04d", i)
	}
	return shops
}

func TestCheapestOfferWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		prices := map[string]int{"north": 1299, "south": 1149, "east": 1399}

		res := bestPriceAsync([]string{"north", "south", "east"}, func(shop string) (int, error) {
			return prices[shop], nil
		})
		synctest.Wait()
		r := requireReturned(t, res)

		require.NoError(t, r.err, "every shop answered")
		assert.Equal(t, Offer{Shop: "south", Price: 1149}, r.best, "the cheapest shop wins")
		assertNoLeftovers(t, "after every shop answered")
	})
}

func TestNoShops(t *testing.T) {
	_, err := BestPrice(nil, func(string) (int, error) { return 0, nil })
	assert.ErrorIs(t, err, ErrNoShops, "there is nothing to compare")
}

// TestManyShopsAnswerTogether has hundreds of shops answer at once, many
// times over: BestPrice must read every quote, even those that arrive while it
// is still starting goroutines or busy with the previous quote.
func TestManyShopsAnswerTogether(t *testing.T) {
	// Several Ps, so that shops answer while BestPrice is busy.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(4, runtime.GOMAXPROCS(0))))
	synctest.Test(t, func(t *testing.T) {
		shops := shopNames(200)
		for round := range 20 {
			cheapest := shops[(round*37)%len(shops)]
			res := bestPriceAsync(shops, func(shop string) (int, error) {
				if shop == cheapest {
					return 500, nil
				}
				return 1000 + len(shop), nil
			})
			synctest.Wait()
			r := requireReturned(t, res)
			require.NoError(t, r.err, "every shop answered")
			require.Equal(t, Offer{Shop: cheapest, Price: 500}, r.best, "the cheapest shop wins, round %d", round)
		}
		synctest.Wait()
		assertNoLeftovers(t, "after every shop answered")
	})
}

// failFast asks shops of which broken fails at once while the others are
// slow: they only answer after BestPrice has returned the error. BestPrice
// must return without waiting for them. failFast returns BestPrice's error
// once the slow shops have answered and every goroutine has finished or is
// stuck for good.
func failFast(t *testing.T, shops []string, broken string) error {
	t.Helper()
	slowShops := make(chan struct{})
	res := bestPriceAsync(shops, func(shop string) (int, error) {
		if shop == broken {
			return 0, errShopDown
		}
		<-slowShops
		return 999, nil
	})
	synctest.Wait()
	var r result
	select {
	case r = <-res:
		close(slowShops) // the slow shops answer now, after BestPrice gave up on them
	default:
		assert.Fail(t, "BestPrice waits for the slow shops",
			"a shop has failed, but BestPrice has not returned while the slow shops are still thinking: it must return the first error at once")
		close(slowShops)
		r = <-res
	}
	synctest.Wait()
	return r.err
}

// TestFailingShopStopsTheComparison has one shop fail at once while the
// others are slow. Once they have answered, no goroutine may be left behind.
func TestFailingShopStopsTheComparison(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := failFast(t, []string{"north", "broken", "south", "east"}, "broken")

		require.Error(t, err, "one shop failed, so there is no best price")
		assert.ErrorIs(t, err, errShopDown, "the error names the shop's failure")
		assert.Contains(t, err.Error(), "broken", "the error says which shop failed")
		assertNoLeftovers(t, "after BestPrice returned and the slow shops answered")
	})
}

// TestManyShopsOneFails is the same story with thousands of shops: the
// number of late answers is larger than any buffer picked by hand.
func TestManyShopsOneFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		shops := shopNames(3000)
		err := failFast(t, shops, shops[len(shops)/2])

		require.ErrorIs(t, err, errShopDown, "the error names the shop's failure")
		left := leftovers()
		assert.Zero(t, len(left), "with %d shops, goroutines are left after every shop answered: a buffer smaller than the number of shops only moves the limit", len(shops))
	})
}
