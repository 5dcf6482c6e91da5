package fibonacciquit

import (
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fibonacci calls Fibonacci(n) inside the test's synctest bubble and checks
// that, once it has returned, every goroutine it started has ended, before any
// (fake) time has passed: a generator that only gives up after a timeout is
// still a generator that nobody stopped.
func fibonacci(t *testing.T, n int) []int {
	t.Helper()
	// Only goroutines started from here on count. (goleak would sleep between
	// its looks, and a sleep inside the bubble lets fake time pass.)
	before := goroutines()
	var got []int
	done := make(chan struct{})
	go func() {
		defer close(done)
		got = Fibonacci(n)
	}()
	select {
	case <-done:
	case <-time.After(time.Hour):
		assert.Fail(t, "Fibonacci never returns: it waits for a number the generator will never send")
		return nil
	}
	// The generator needs a moment to see that it must stop; a goroutine that
	// is told to stop ends within a few yields. Fake time stands still meanwhile.
	leaked := newGoroutines(before)
	for i := 0; i < 50 && len(leaked) > 0; i++ {
		for range 100 {
			runtime.Gosched()
		}
		leaked = newGoroutines(before)
	}
	assert.Empty(t, leaked,
		"the generator is still running after Fibonacci returned: nothing told it to stop, "+
			"and waiting for a timeout or draining its channel does not stop it either")
	return got
}

// goroutines returns the header line of every goroutine's stack, by id.
func goroutines() map[string]string {
	buf := make([]byte, 1<<16)
	buf = buf[:runtime.Stack(buf, true)]
	ids := map[string]string{}
	for _, stack := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(stack, "\n")
		id, _, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " ")
		ids[id] = stack
	}
	return ids
}

// newGoroutines returns the stacks of the goroutines that did not exist before.
func newGoroutines(before map[string]string) []string {
	var stacks []string
	for id, stack := range goroutines() {
		if _, ok := before[id]; !ok {
			stacks = append(stacks, stack)
		}
	}
	return stacks
}

func TestFibonacciFirstTen(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := fibonacci(t, 10)

		assert.Equal(t, []int{0, 1, 1, 2, 3, 5, 8, 13, 21, 34}, got,
			"the first ten Fibonacci numbers should come out in order")
	})
}

func TestFibonacciZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := fibonacci(t, 0)

		assert.Empty(t, got, "asking for no numbers should return none")
	})
}

func TestFibonacciMany(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := fibonacci(t, 90)

		assert.Len(t, got, 90, "ninety numbers asked, ninety returned")
		assert.Equal(t, 1779979416004714189, got[89], "the ninetieth Fibonacci number, F(89)")
	})
}
