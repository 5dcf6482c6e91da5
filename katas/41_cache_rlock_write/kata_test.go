package cacherlockwrite

import (
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var stock = map[string]Product{
	"tea": {SKU: "tea", Name: "Green tea", Cents: 450},
	"mug": {SKU: "mug", Name: "Stoneware mug", Cents: 1200},
}

// countingLookup is a fake product database that counts the questions it gets.
func countingLookup(calls *atomic.Int32) func(string) Product {
	return func(sku string) Product {
		calls.Add(1)
		return stock[sku]
	}
}

var goroutineHeader = regexp.MustCompile(`(?m)^goroutine (\d+) \[([^\]]*)\]`)

// parkedOnLock tells whether a goroutine state of a stack dump is a wait for
// a sync.Mutex or sync.RWMutex.
func parkedOnLock(state string) bool {
	return regexp.MustCompile(`^sync\.(RW)?Mutex\.R?Lock`).MatchString(state)
}

// crowd is a set of shoppers, each running Get in its own goroutine.
type crowd struct {
	n    int
	mu   sync.Mutex
	ids  map[int]bool
	done chan struct{}
}

// start runs each function in its own goroutine.
func start(fs ...func()) *crowd {
	cr := &crowd{n: len(fs), ids: map[int]bool{}, done: make(chan struct{})}
	var left sync.WaitGroup
	for _, f := range fs {
		left.Add(1)
		go func() {
			defer left.Done()
			buf := make([]byte, 64)
			m := goroutineHeader.FindSubmatch(buf[:runtime.Stack(buf, false)])
			id, _ := strconv.Atoi(string(m[1]))
			cr.mu.Lock()
			cr.ids[id] = true
			cr.mu.Unlock()
			f()
		}()
	}
	go func() {
		left.Wait()
		close(cr.done)
	}()
	return cr
}

// count takes a stack dump and counts the shoppers still running that are
// parked on a lock, and the others. ok is false until every shopper has started.
func (cr *crowd) count() (parked, other int, ok bool) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if len(cr.ids) < cr.n {
		return 0, 0, false
	}
	buf := make([]byte, 1<<16)
	n := runtime.Stack(buf, true)
	for n == len(buf) {
		buf = make([]byte, 2*len(buf))
		n = runtime.Stack(buf, true)
	}
	for _, m := range goroutineHeader.FindAllStringSubmatch(string(buf[:n]), -1) {
		id, _ := strconv.Atoi(m[1])
		switch {
		case !cr.ids[id]:
		case parkedOnLock(m[2]):
			parked++
		default:
			other++
		}
	}
	return parked, other, true
}

// finished tells whether every shopper has returned.
func (cr *crowd) finished() bool {
	select {
	case <-cr.done:
		return true
	default:
		return false
	}
}

// wait waits until every shopper has returned. If, at any moment, every
// shopper still running is parked on a lock while nobody else holds it, they
// can never return: wait then fails the test with msg and leaves them behind.
func (cr *crowd) wait(t *testing.T, msg string) {
	t.Helper()
	for !cr.finished() {
		if parked, other, ok := cr.count(); ok && parked > 0 && other == 0 && !cr.finished() {
			require.FailNow(t, msg)
		}
		runtime.Gosched()
	}
}

// waitParked waits until every shopper still running is parked on a lock.
func (cr *crowd) waitParked() {
	for !cr.finished() {
		if _, other, ok := cr.count(); ok && other == 0 {
			return
		}
		runtime.Gosched()
	}
}

// shoppers runs each function in its own goroutine and waits until all have
// returned (see crowd.wait).
func shoppers(t *testing.T, msg string, fs ...func()) {
	t.Helper()
	start(fs...).wait(t, msg)
}

// holdLocks takes, in the test, every lock of the catalog. With exclusive
// false it holds them the way a product page serving a cache hit would if it
// did it right: an RWMutex for reading, a Mutex outright. With exclusive true
// it holds them all for writing, as a page storing a product does. It returns
// the function that releases them.
func holdLocks(c *Catalog, exclusive bool) (release func()) {
	var unlocks []func()
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		p := unsafe.Pointer(f.UnsafeAddr())
		switch f.Type() {
		case reflect.TypeFor[sync.RWMutex]():
			m := (*sync.RWMutex)(p)
			if exclusive {
				m.Lock()
				unlocks = append(unlocks, m.Unlock)
			} else {
				m.RLock()
				unlocks = append(unlocks, m.RUnlock)
			}
		case reflect.TypeFor[sync.Mutex]():
			m := (*sync.Mutex)(p)
			m.Lock()
			unlocks = append(unlocks, m.Unlock)
		}
	}
	return func() {
		for _, u := range unlocks {
			u()
		}
	}
}

func TestGetCachesProducts(t *testing.T) {
	var calls atomic.Int32
	c := NewCatalog(countingLookup(&calls))

	var first, second Product
	shoppers(t, "Get never returned on a cache miss: it waits for a lock that its own goroutine still holds (an RWMutex cannot be upgraded from RLock to Lock)",
		func() { first = c.Get("tea") })
	shoppers(t, "Get never returned on a cache hit", func() { second = c.Get("tea") })
	assert.Equal(t, stock["tea"], first, "the first Get asks the database")
	assert.Equal(t, stock["tea"], second, "the second Get is served from the cache")
	assert.Equal(t, int32(1), calls.Load(), "a cached product must not be looked up again")
	assert.Equal(t, 1, c.Len(), "one product is cached")
}

func TestTwoShoppersAtOnce(t *testing.T) {
	var calls atomic.Int32
	c := NewCatalog(countingLookup(&calls))

	// Two shoppers open two different product pages at the same time.
	skus := []string{"tea", "mug"}
	got := make([]Product, len(skus))
	var fs []func()
	for i, sku := range skus {
		fs = append(fs, func() { got[i] = c.Get(sku) })
	}
	shoppers(t, "two shoppers opening two new product pages wait for each other forever", fs...)

	for i, sku := range skus {
		assert.Equal(t, stock[sku], got[i], "shopper %d must see the %s page", i, sku)
	}
	assert.Equal(t, 2, c.Len(), "both products end up in the cache")
	assert.Equal(t, stock["mug"], c.Get("mug"), "a cached product is served from the cache")
	assert.Equal(t, int32(2), calls.Load(), "each product is looked up once")
}

func TestCacheHitsShareTheLock(t *testing.T) {
	var calls atomic.Int32
	c := NewCatalog(countingLookup(&calls))
	shoppers(t, "Get never returned on a cache miss", func() { c.Get("tea") })

	// Another product page is in the middle of reading the cache.
	release := holdLocks(c, false)
	defer release()
	var got Product
	shoppers(t, "a cache hit waited for the lock while another page was only reading: taking the write lock for hits serialises every product page of the shop",
		func() { got = c.Get("tea") })
	assert.Equal(t, stock["tea"], got, "the hit is served from the cache")
}

func TestEachProductIsLookedUpOnce(t *testing.T) {
	var calls atomic.Int32
	c := NewCatalog(countingLookup(&calls))

	// A new product goes live while another page is storing a product: four
	// shoppers open its page and wait for the cache. When the other page is
	// done, they all find the product missing at the same moment.
	release := holdLocks(c, true)
	const shoppersAtOnce = 4
	got := make([]Product, shoppersAtOnce)
	var fs []func()
	for i := range shoppersAtOnce {
		fs = append(fs, func() { got[i] = c.Get("tea") })
	}
	cr := start(fs...)
	cr.waitParked()
	release()
	cr.wait(t, "shoppers opening a new product page at the same moment wait for each other forever")

	for i := range shoppersAtOnce {
		assert.Equal(t, stock["tea"], got[i], "shopper %d sees the tea page", i)
	}
	assert.Equal(t, int32(1), calls.Load(), "several shoppers missed the same product at once and each asked the database: after taking the write lock, look the SKU up in the cache again before calling lookup")
	assert.Equal(t, 1, c.Len(), "the product is cached once")
}
