package checkthenact

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// blockedStates are the states of a goroutine that waits for another one.
var blockedStates = map[string]bool{
	"chan receive": true, "chan send": true, "select": true, "sleep": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.Cond.Wait": true, "sync.WaitGroup.Wait": true,
	"chan receive (nil chan)": true, "chan send (nil chan)": true, "select (no cases)": true,
	"syscall": true, "IO wait": true,
}

// settle waits until every goroutine of the test binary other than the
// caller (even one not started yet) is blocked or gone: whatever the others
// can do without the caller has happened. Unlike synctest.Wait, it also
// counts a goroutine waiting for a mutex as blocked.
func settle() {
	buf := make([]byte, 64<<10)
	n := runtime.Stack(buf, false)
	me, _, _ := strings.Cut(string(buf[:n]), " [")
	for {
		for {
			n = runtime.Stack(buf, true)
			if n < len(buf) {
				break
			}
			buf = make([]byte, 2*len(buf))
		}
		busy := false
		for _, g := range bytes.Split(buf[:n], []byte("\n\n")) {
			head, _, _ := strings.Cut(string(g), "\n")
			id, state, _ := strings.Cut(head, " [")
			if id == me {
				continue
			}
			state, _, _ = strings.Cut(strings.TrimSuffix(state, "]:"), ",")
			if !blockedStates[state] {
				busy = true
				break
			}
		}
		if !busy {
			return
		}
		runtime.Gosched()
	}
}

func TestBuySellsSeatsWhileThereAreAny(t *testing.T) {
	inv := NewInventory(map[string]int{"gala": 3})
	web, app := NewCheckout(inv), NewCheckout(inv)

	require.NoError(t, web.Buy("gala", 2, "ada"), "two of three seats are free")
	assert.Equal(t, 1, inv.Left("gala"), "two seats were sold, one is left")
	assert.ErrorIs(t, app.Buy("gala", 2, "bob"), ErrSoldOut, "one seat left is not enough for two")
	assert.Equal(t, 1, inv.Left("gala"), "a refused purchase takes no seat")
	require.NoError(t, app.Buy("gala", 1, "cy"), "the last seat is still for sale")
	assert.ErrorIs(t, web.Buy("gala", 1, "dee"), ErrSoldOut, "no seat is left")
	assert.ErrorIs(t, web.Buy("opera", 1, "eve"), ErrSoldOut, "a show the shop does not know has no seats")
	assert.ErrorIs(t, web.Buy("gala", 0, "fay"), ErrBadRequest, "a purchase of no seats is refused")
	assert.Equal(t, []string{"ada", "ada", "cy"}, inv.Holders("gala"), "every seat sold has its buyer")
	assert.Zero(t, inv.Left("gala"), "the show is sold out, not oversold")
}

func TestInventoryMethodsStillWork(t *testing.T) {
	inv := NewInventory(map[string]int{"gala": 2})
	assert.True(t, inv.Available("gala", 2), "two seats are free")
	assert.False(t, inv.Available("gala", 3), "there are not three seats")
	inv.Reserve("gala", 1, "box office")
	assert.Equal(t, 1, inv.Left("gala"), "Reserve takes the seats it is asked for")
	assert.Equal(t, []string{"box office"}, inv.Holders("gala"), "Reserve records the buyer")
}

// racyStock is the shared inventory as the web shop sees it: the first time
// the web shop's checkout asks it to reserve, a buyer on the app, a moment
// faster, buys the same seats through the other checkout first (or waits, if
// something makes it wait). That happens now and then in production; here it
// happens in every run.
type racyStock struct {
	*Inventory
	mu        sync.Mutex
	otherGoes func()
}

func (s *racyStock) Reserve(show string, seats int, buyer string) {
	s.mu.Lock()
	other := s.otherGoes
	s.otherGoes = nil
	s.mu.Unlock()
	if other != nil {
		other()
	}
	s.Inventory.Reserve(show, seats, buyer)
}

func TestTwoBuyersForTheLastSeat(t *testing.T) {
	inv := NewInventory(map[string]int{"gala": 1})
	stock := &racyStock{Inventory: inv}
	web, app := NewCheckout(stock), NewCheckout(stock)

	var (
		appErr  error
		appDone = make(chan struct{})
		appRan  bool
	)
	buyOnTheApp := func() {
		appRan = true
		go func() {
			defer close(appDone)
			appErr = app.Buy("gala", 1, "bob")
		}()
	}
	stock.otherGoes = func() {
		buyOnTheApp()
		settle() // the app buyer has bought, or waits for the web buyer
	}
	webErr := web.Buy("gala", 1, "ada")
	if !appRan { // the web shop never called Reserve: the app buyer comes second
		buyOnTheApp()
	}
	<-appDone

	sold := 0
	for _, err := range []error{webErr, appErr} {
		if err == nil {
			sold++
		} else {
			assert.ErrorIs(t, err, ErrSoldOut, "a buyer who gets no seat is told the show is sold out")
		}
	}
	assert.Equal(t, 1, sold,
		"two buyers were sold the last seat: the other checkout reserved it after Available said yes and before Reserve; checking and reserving must be one locked step")
	assert.Len(t, inv.Holders("gala"), 1, "one seat was for sale, so it has exactly one buyer")
	assert.Zero(t, inv.Left("gala"), "the show must be sold out, never oversold")
}

// A rush on the box office: buyers on several CPUs, through both checkouts,
// all after the same single seat at once, show after show.
func TestARushNeverOversells(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}
	const shows, buyers = 500, 4
	seats := make(map[string]int, shows)
	names := make([]string, shows)
	for i := range shows {
		names[i] = fmt.Sprint("show-", i)
		seats[names[i]] = 1
	}
	inv := NewInventory(seats)
	checkouts := []*Checkout{NewCheckout(inv), NewCheckout(inv)}

	var (
		wg   sync.WaitGroup
		next atomic.Int64 // the show everybody is after
		mu   sync.Mutex
		sold = make(map[string]int)
	)
	for b := range buyers {
		wg.Go(func() {
			buyer := fmt.Sprint("buyer-", b)
			for {
				i := next.Load()
				if i >= shows {
					return
				}
				err := checkouts[b%2].Buy(names[i], 1, buyer)
				if err == nil {
					mu.Lock()
					sold[names[i]]++
					mu.Unlock()
				}
				next.CompareAndSwap(i, i+1)
			}
		})
	}
	wg.Wait()

	oversold := 0
	for _, show := range names {
		if sold[show] > 1 || len(inv.Holders(show)) > 1 || inv.Left(show) < 0 {
			oversold++
		}
	}
	assert.Zero(t, oversold,
		"some single seats were sold to two buyers: between one buyer's check and its reservation another buyer reserved; checking and reserving must be one locked step")
}
