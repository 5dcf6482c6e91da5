package debouncetimer

import (
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const quiet = 100 * time.Millisecond

// disk records every save, with the fake time at which it happened.
type disk struct {
	mu    sync.Mutex
	start time.Time
	saves []saved
}

type saved struct {
	at   time.Duration // since the test began
	text string
}

// pause lets fake time pass in the bubble.
func pause(d time.Duration) { <-time.After(d) }

func newDisk() *disk { return &disk{start: time.Now()} }

func (d *disk) save(text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.saves = append(d.saves, saved{time.Since(d.start), text})
}

func (d *disk) all() []saved {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]saved(nil), d.saves...)
}

// typeText edits the note n times, one keystroke every gap.
func typeText(a *Autosave, prefix string, n int, gap time.Duration) string {
	text := prefix
	for i := range n {
		if i > 0 {
			pause(gap)
		}
		text += "x"
		a.Edit(text)
	}
	return text
}

func TestSavesOnceAfterTheLastEdit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)
		defer a.Close()

		last := typeText(a, "", 5, 10*time.Millisecond) // the last edit is at 40ms
		pause(quiet - time.Millisecond)
		synctest.Wait()
		assert.Empty(t, d.all(),
			"the note was saved before the user had paused for the quiet period: every edit must push the save back, but the timer of an earlier edit still fired")

		pause(time.Millisecond)
		synctest.Wait()
		require.Len(t, d.all(), 1, "one save, the quiet period after the last edit")
		assert.Equal(t, saved{40*time.Millisecond + quiet, last}, d.all()[0],
			"the save comes the quiet period after the last edit, with the latest text")
	})
}

func TestNoSaveWhileTyping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)
		defer a.Close()

		last := typeText(a, "", 50, 20*time.Millisecond) // a second of typing
		synctest.Wait()
		assert.Empty(t, d.all(),
			"the note was saved while the user was typing: only a pause of the quiet period may start a save; the timers started by earlier edits must not fire")

		pause(quiet)
		synctest.Wait()
		saves := d.all()
		assert.Len(t, saves, 1, "a second of typing, then a pause, saves the note once")
		if len(saves) > 0 {
			assert.Equal(t, last, saves[len(saves)-1].text, "the save writes the latest text")
		}
	})
}

func TestSecondBurstAfterASave(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)
		defer a.Close()

		typeText(a, "", 3, 10*time.Millisecond)
		pause(quiet)
		synctest.Wait()
		require.Len(t, d.all(), 1, "the first burst of typing is saved once")

		pause(time.Second) // the user reads for a while, then types again
		last := typeText(a, "second: ", 25, 20*time.Millisecond)
		synctest.Wait()
		assert.Len(t, d.all(), 1,
			"a save came while the user was typing again: once a timer has fired, a new edit must start one quiet period, with one timer, and nothing else may fire before it")

		pause(quiet)
		synctest.Wait()
		saves := d.all()
		assert.Len(t, saves, 2, "each burst of typing is saved once")
		assert.Equal(t, last, saves[len(saves)-1].text, "the last save writes the latest text")
	})
}

func TestEditReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)
		defer a.Close()

		for i := range 3 {
			before := time.Now()
			a.Edit(fmt.Sprint("draft ", i))
			assert.Zero(t, time.Since(before),
				"Edit blocked the editor's window: it must return at once and leave the waiting to a timer")
		}
	})
}

func TestCloseSavesThePendingEditAndStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)

		typeText(a, "", 3, 10*time.Millisecond) // the last edit is at 20ms
		pause(30 * time.Millisecond)
		a.Close()
		assert.Equal(t, []saved{{50 * time.Millisecond, "xxx"}}, d.all(), "Close saves the unsaved edit at once")

		a.Edit("after close")
		pause(time.Second)
		synctest.Wait()
		assert.Len(t, d.all(), 1, "nothing is saved after Close, not even a later edit")
		a.Close() // a second Close does nothing
		assert.Len(t, d.all(), 1, "a second Close saves nothing")
	})
}

func TestCloseAfterASaveSavesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)

		a.Edit("done")
		pause(quiet)
		synctest.Wait()
		a.Close()
		pause(time.Second)
		synctest.Wait()
		assert.Equal(t, []saved{{quiet, "done"}}, d.all(), "a saved note is not saved again by Close")
	})
}

// The editor's window and the sync client edit the note at the same time.
func TestEditsFromTwoGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDisk()
		a := New(quiet, d.save)
		defer a.Close()

		var wg sync.WaitGroup
		for _, who := range []string{"window", "sync"} {
			wg.Go(func() {
				for i := range 20 {
					a.Edit(fmt.Sprintf("%s %d", who, i))
					pause(5 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		synctest.Wait()
		assert.Empty(t, d.all(), "no save while the note is still being edited")

		pause(quiet)
		synctest.Wait()
		assert.Len(t, d.all(), 1, "two goroutines editing, then a pause, save the note once")
	})
}
