package counterthreeways

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type counter interface {
	Inc()
	Value() int64
}

// kinds builds one counter of each kind; the returned func releases it.
var kinds = []struct {
	name string
	make func() (counter, func())
}{
	{"AtomicCounter", func() (counter, func()) { return NewAtomicCounter(), func() {} }},
	{"MutexCounter", func() (counter, func()) { return NewMutexCounter(), func() {} }},
	{"ChanCounter", func() (counter, func()) { c := NewChanCounter(); return c, c.Close }},
}

func TestCountersCountInOneGoroutine(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c, release := k.make()
			defer release()

			assert.Zero(t, c.Value(), "a new counter should start at zero")
			for range 3 {
				c.Inc()
			}
			assert.Equal(t, int64(3), c.Value(), "three Incs should count three")
		})
	}
}

func TestCountersUnderConcurrentWorkers(t *testing.T) {
	const workers, jobs = 4, 100

	// The race detector works from the order of events, not from luck: one
	// CPU is enough for it, and keeps every run of this test the same.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c, release := k.make()
			defer release()

			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for range jobs {
						c.Inc()
					}
				})
			}
			wg.Wait()

			assert.Equal(t, int64(workers*jobs), c.Value(),
				"every finished job from every worker should be counted exactly once")
		})
	}
}

func TestCountersValueWhileCounting(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			// Each round uses a fresh counter, so the race detector judges
			// every round on its own: two workers Inc while a monitor reads
			// Value, and only the counter itself orders the three calls.
			for range 50 {
				c, release := k.make()
				var wg sync.WaitGroup
				for range 2 {
					wg.Go(c.Inc)
				}
				shown := c.Value()
				wg.Wait()
				assert.True(t, shown >= 0 && shown <= 2, "a monitor should see between zero and two jobs, not %d", shown)
				assert.Equal(t, int64(2), c.Value(), "both workers' jobs should be counted")
				release()
			}
		})
	}
}

func TestCountersShowEveryReturnedInc(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			c, release := k.make()
			defer release()

			// An Inc that has returned is counted: a Value after a burst of
			// them, in the same goroutine, must include every one.
			const burst = 10
			for i := range int64(200) {
				for range burst {
					c.Inc()
				}
				if !assert.Equal(t, burst*(i+1), c.Value(),
					"Value overtook an Inc that had returned: Inc must not return before the count has changed "+
						"(a buffered channel lets Value be served before the queued increments)") {
					return
				}
			}
		})
	}
}

// The benchmarks compare the cost of one Inc when all the machine's CPUs
// increment the same counter at once:
//
//	go test -run '^$' -bench . ./solutions/20_counter_three_ways/

func benchmarkInc(b *testing.B, c counter) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}

func BenchmarkAtomic(b *testing.B) { benchmarkInc(b, NewAtomicCounter()) }

func BenchmarkMutex(b *testing.B) { benchmarkInc(b, NewMutexCounter()) }

func BenchmarkChan(b *testing.B) {
	c := NewChanCounter()
	defer c.Close()
	benchmarkInc(b, c)
}
