package shardedcounter

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var routes = []string{"/login", "/logout", "/cart", "/cart/items", "/checkout", "/search", "/orders", "/orders/items", "/profile", "/health"}

func TestCountsEachRoute(t *testing.T) {
	c := New()
	assert.Zero(t, c.Total(), "a new counter has no hits")
	for i, r := range routes {
		for range i + 1 {
			c.Hit(r)
		}
	}
	for i, r := range routes {
		assert.Equal(t, int64(i+1), c.Hits(r), "route %s was hit %d times", r, i+1)
	}
	assert.Zero(t, c.Hits("/never"), "a route never hit has no hits")
	assert.Equal(t, int64(55), c.Total(), "the total is the sum over every route")
}

func TestRoutesUseSeveralShards(t *testing.T) {
	used := map[int]bool{}
	for _, r := range routes {
		s := shardFor(r)
		require.True(t, s >= 0 && s < numShards, "shardFor(%q) = %d is not a shard", r, s)
		used[s] = true
	}
	assert.Greater(t, len(used), 2, "the routes spread over several shards")
}

// Request goroutines on several CPUs hit every route; when they are done,
// every hit is counted once, on its route and in the total.
func TestManyRequestsAtOnce(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const workers, requests = 4, 500
	c := New()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range requests {
				c.Hit(routes[(w+i)%len(routes)])
			}
		})
	}
	wg.Wait()

	for _, r := range routes {
		assert.Equal(t, int64(workers*requests/len(routes)), c.Hits(r), "every hit on %s is counted once", r)
	}
	assert.Equal(t, int64(workers*requests), c.Total(), "every hit is in the total once")
}

// The metrics endpoint reads the total while requests are being counted.
// Only the counter orders the workers' hits and the monitor's reads.
func TestTotalWhileCounting(t *testing.T) {
	for range 20 {
		c := New()
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := range 10 {
					c.Hit(routes[(w+i)%len(routes)])
				}
			})
		}
		shown := c.Total()
		wg.Wait()
		assert.True(t, shown >= 0 && shown <= 20, "the metrics endpoint saw between 0 and 20 hits, not %d", shown)
		assert.Equal(t, int64(20), c.Total(), "once the requests are done, the total has all 20 hits")
	}
}

// The benchmarks compare the cost of one Hit when every CPU counts hits at
// once, each on its own route: one mutex around one map, shards packed side
// by side (two or more per cache line), and the padded shards of Counter.
// They run only with -bench:
//
//	go test -run '^$' -bench . -cpu 1,2 ./solutions/68_sharded_counter/

type hitter interface{ Hit(route string) }

// oneMutex is the counter before sharding: one lock, one map.
type oneMutex struct {
	mu   sync.Mutex
	hits map[string]int64
}

func (c *oneMutex) Hit(route string) {
	c.mu.Lock()
	c.hits[route]++
	c.mu.Unlock()
}

// packedShards is Counter without the padding: a shard is 16 bytes, so four
// of them share each 64-byte cache line.
type packedShards struct {
	shards [numShards]struct {
		mu   sync.Mutex
		hits map[string]int64
	}
}

func (c *packedShards) Hit(route string) {
	s := &c.shards[shardFor(route)]
	s.mu.Lock()
	s.hits[route]++
	s.mu.Unlock()
}

// routesOnShards returns, for each shard, a route that shardFor puts there.
func routesOnShards(b *testing.B) [numShards]string {
	var out [numShards]string
	found := 0
	for i := 0; found < numShards; i++ {
		require.Less(b, i, 100000, "shardFor puts no route on some shard")
		r := fmt.Sprintf("/api/items/%d", i)
		if s := shardFor(r); out[s] == "" {
			out[s] = r
			found++
		}
	}
	return out
}

// benchmarkHit gives each parallel goroutine the route of its own shard:
// goroutines 0 and 1 use neighbouring shards.
func benchmarkHit(b *testing.B, c hitter) {
	routes := routesOnShards(b)
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		route := routes[int(next.Add(1)-1)%numShards]
		for pb.Next() {
			c.Hit(route)
		}
	})
}

func BenchmarkOneMutex(b *testing.B) {
	benchmarkHit(b, &oneMutex{hits: make(map[string]int64)})
}

func BenchmarkPackedShards(b *testing.B) {
	c := &packedShards{}
	for i := range c.shards {
		c.shards[i].hits = make(map[string]int64)
	}
	benchmarkHit(b, c)
}

func BenchmarkPaddedShards(b *testing.B) { benchmarkHit(b, New()) }
