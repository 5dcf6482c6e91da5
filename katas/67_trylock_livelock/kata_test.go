package trylocklivelock

import (
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMoveMovesStock(t *testing.T) {
	shelf, dock := NewBin(1, 100), NewBin(2, 50)

	require.NoError(t, Move(shelf, dock, 30), "the shelf holds enough for 30")
	assert.Equal(t, 70, shelf.Items(), "the items leave the first bin")
	assert.Equal(t, 80, dock.Items(), "the items arrive in the second bin")

	err := Move(dock, shelf, 500)
	assert.ErrorIs(t, err, ErrInsufficientStock, "the dock cannot give more than it holds")
	assert.Equal(t, 80, dock.Items(), "a refused move changes nothing")
	assert.Equal(t, 70, shelf.Items(), "a refused move changes nothing")

	assert.ErrorIs(t, Move(shelf, shelf, 1), ErrSameBin, "a move to the same bin is refused")
}

// heldAtHook makes one move with a hook that records which of the two bins
// are locked at the moment Move calls testHook.
func heldAtHook(t *testing.T, from, to *Bin, bins []*Bin) []int {
	t.Helper()
	calls := 0
	var held []int
	testHook = func() {
		calls++
		held = held[:0]
		for _, b := range bins {
			if b.mu.TryLock() {
				b.mu.Unlock()
			} else {
				held = append(held, b.ID)
			}
		}
	}
	defer func() { testHook = nil }()
	require.NoError(t, Move(from, to, 1), "a move with no one else around succeeds")
	require.Positive(t, calls, "Move calls testHook once it has locked its first bin")
	return slices.Clone(held)
}

// livelockRounds is how many times in a row the two moves may meet with one
// bin each before the test calls it a livelock.
const livelockRounds = 100

// lockStep makes two moves take turns at testHook: a move that reaches it
// wakes the move waiting there, if any, and waits in its place. So each move
// tries its second bin while the other one waits in testHook with its own
// first bin locked. Once either move has returned, nobody waits any more.
type lockStep struct {
	t        *testing.T
	mu       sync.Mutex
	parked   chan struct{} // the turn of the move waiting in testHook
	finished chan struct{}
	rounds   int
}

func (l *lockStep) arrive() {
	l.mu.Lock()
	select {
	case <-l.finished:
		l.mu.Unlock()
		return
	default:
	}
	turn := make(chan struct{})
	if l.parked != nil {
		close(l.parked)
		l.rounds++
		if l.rounds == livelockRounds {
			assert.Fail(l.t, "livelock: the two moves have retried in lock step 100 times and neither has finished",
				"each one locks its first bin, finds the other bin busy, lets go and tries again, forever: "+
					"backing off and retrying is not progress, and a pause before the retry (Gosched, Sleep, a random "+
					"back-off) does not change which bin each move takes first")
		}
	}
	l.parked = turn
	l.mu.Unlock()
	select {
	case <-turn:
	case <-l.finished:
	}
}

// TestOppositeMovesAtOnce moves stock from the shelf to the dock while
// another picker moves stock from the dock to the shelf. It first watches one
// move in each direction to learn which bin each one holds when it calls
// testHook. If the two directions hold different bins, it then makes the two
// moves take turns there, so that each one tries its second bin while the
// other holds it: the unlucky timing a busy warehouse meets sooner or later,
// made to happen on every run and every retry.
func TestOppositeMovesAtOnce(t *testing.T) {
	// One thread: the two pickers take turns, as on a loaded server.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	t.Cleanup(func() { testHook = nil })

	bins := []*Bin{NewBin(1, 100), NewBin(2, 100)}
	shelf, dock := bins[0], bins[1]
	there := heldAtHook(t, shelf, dock, bins)
	back := heldAtHook(t, dock, shelf, bins)

	step := &lockStep{t: t, finished: make(chan struct{})}
	if len(there) > 0 && len(back) > 0 && !slices.Equal(there, back) {
		testHook = step.arrive
	}
	var once sync.Once
	finish := func() { once.Do(func() { close(step.finished) }) }

	var wg sync.WaitGroup
	var errThere, errBack error
	wg.Go(func() { defer finish(); errThere = Move(shelf, dock, 30) })
	wg.Go(func() { defer finish(); errBack = Move(dock, shelf, 50) })
	wg.Wait()
	testHook = nil

	require.NoError(t, errThere, "the shelf holds enough for 30: a move that gives up under contention loses the picker's work")
	require.NoError(t, errBack, "the dock holds enough for 50: a move that gives up under contention loses the picker's work")
	assert.Equal(t, 120, shelf.Items(), "the shelf: 100 - 30 + 50, every move done exactly once (a move that gives up and says it succeeded moved nothing)")
	assert.Equal(t, 80, dock.Items(), "the dock: 100 - 50 + 30, every move done exactly once (a move that gives up and says it succeeded moved nothing)")
}

// TestBusyShiftKeepsEveryItem runs pickers on several CPUs, each moving one
// item at a time back and forth between two neighbouring bins of a ring.
func TestBusyShiftKeepsEveryItem(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const pickers, moves = 4, 300
	bins := make([]*Bin, pickers)
	for i := range bins {
		bins[i] = NewBin(i+1, 1000)
	}

	var wg sync.WaitGroup
	var failed sync.Map
	for w := range pickers {
		a, b := bins[w], bins[(w+1)%pickers]
		wg.Go(func() {
			for i := range moves {
				from, to := a, b
				if i%2 == 1 {
					from, to = b, a
				}
				if err := Move(from, to, 1); err != nil {
					failed.Store(w, err)
				}
			}
		})
	}
	wg.Wait()

	failed.Range(func(w, err any) bool {
		assert.Fail(t, "every move of a busy shift succeeds", "picker %d: %v", w, err)
		return true
	})
	for _, b := range bins {
		assert.Equal(t, 1000, b.Items(), "bin %d: every item moved out was moved back, once", b.ID)
	}
}
