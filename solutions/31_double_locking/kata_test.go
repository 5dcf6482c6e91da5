package doublelocking

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

func TestPutAndGetWithinCapacity(t *testing.T) {
	c := NewSessionCache(3)
	c.Put(Session{Token: "t1", User: "ada"})
	c.Put(Session{Token: "t2", User: "bob"})
	c.Put(Session{Token: "t1", User: "ada (renewed)"})

	s, ok := c.Get("t1")
	require.True(t, ok, "a session that was just stored must be found")
	assert.Equal(t, "ada (renewed)", s.User, "Put with a known token replaces the session")
	assert.Equal(t, 2, c.Len(), "replacing a session must not add a new one")
	assert.Equal(t, 0, c.Evicted(), "nothing is evicted while the cache has room")
}

func TestPutEvictsOldestWhenFull(t *testing.T) {
	c := NewSessionCache(2)
	c.Put(Session{Token: "t1", User: "ada"})
	c.Put(Session{Token: "t2", User: "bob"})
	c.Put(Session{Token: "t3", User: "cy"}) // the cache is full: t1 must go

	_, ok := c.Get("t1")
	assert.False(t, ok, "the oldest session is evicted to make room")
	for _, token := range []string{"t2", "t3"} {
		_, ok := c.Get(token)
		assert.True(t, ok, "session %s must still be cached", token)
	}
	assert.Equal(t, 2, c.Len(), "the cache never holds more than its capacity")
	assert.Equal(t, 1, c.Evicted(), "exactly one session was evicted")
}

func TestEvictOldestByHand(t *testing.T) {
	c := NewSessionCache(5)
	c.Put(Session{Token: "t1", User: "ada"})
	c.Put(Session{Token: "t2", User: "bob"})

	s, ok := c.EvictOldest()
	require.True(t, ok, "a cache with sessions has an oldest one")
	assert.Equal(t, "t1", s.Token, "the admin page evicts the oldest session first")
	assert.Equal(t, 1, c.Len(), "one session is left")

	c.EvictOldest()
	_, ok = c.EvictOldest()
	assert.False(t, ok, "an empty cache has nothing to evict")
}

func TestManyLoginsAtOnce(t *testing.T) {
	c := NewSessionCache(8)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				token := fmt.Sprintf("w%d-%d", w, i)
				c.Put(Session{Token: token, User: token})
				c.Get(token)
			}
		})
	}
	wg.Wait()

	assert.Equal(t, 8, c.Len(), "a busy cache stays at its capacity")
	assert.Equal(t, 200-8, c.Evicted(), "every session beyond the capacity was evicted")
}

// A burst of logins on several CPUs: each Put that finds the cache full must
// evict and insert in one step, or two Puts both find room for one session.
func TestABurstOfLoginsNeverOverfillsTheCache(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const (
		capacity  = 2
		customers = 8
		logins    = 3000
	)
	c := NewSessionCache(capacity)
	var wg sync.WaitGroup
	var overfull sync.Map
	for w := range customers {
		wg.Go(func() {
			for i := range logins {
				token := fmt.Sprintf("w%d-%d", w, i)
				c.Put(Session{Token: token, User: token})
				if c.Len() > capacity {
					overfull.Store(w, true)
				}
			}
		})
	}
	wg.Wait()

	seen := false
	overfull.Range(func(any, any) bool { seen = true; return false })
	assert.False(t, seen,
		"the cache grew past its capacity between two steps of a Put: evicting and inserting must be one locked step")
	assert.Equal(t, capacity, c.Len(),
		"the cache grew past its capacity: a Put that lets go of the lock to evict is not one step any more")
	assert.Equal(t, customers*logins-capacity, c.Evicted(), "every session beyond the capacity was evicted")
}

// The admin page frees memory by hand while customers log in: EvictOldest
// runs at the same time as Put and Get, on several CPUs, and the cache must
// never grow past its capacity nor lose count of what it evicted.
func TestAdminEvictsWhileCustomersLogIn(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const (
		capacity  = 4
		customers = 4
		logins    = 2000
	)
	c := NewSessionCache(capacity)
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		byHand    int
		overfull  int
		stopAdmin = make(chan struct{})
	)
	for w := range customers {
		wg.Go(func() {
			for i := range logins {
				token := fmt.Sprintf("w%d-%d", w, i)
				c.Put(Session{Token: token, User: token})
				c.Get(token)
				if c.Len() > capacity {
					mu.Lock()
					overfull++
					mu.Unlock()
				}
			}
		})
	}
	var admin sync.WaitGroup
	admin.Go(func() {
		for {
			select {
			case <-stopAdmin:
				return
			default:
			}
			if _, ok := c.EvictOldest(); ok {
				mu.Lock()
				byHand++
				mu.Unlock()
			}
			runtime.Gosched()
		}
	})
	wg.Wait()
	close(stopAdmin)
	admin.Wait()

	assert.Zero(t, overfull,
		"the cache grew past its capacity: a Put that lets go of the lock to evict is not one step any more")
	assert.LessOrEqual(t, c.Len(), capacity, "the cache never holds more than its capacity")
	assert.Equal(t, customers*logins, c.Len()+c.Evicted(),
		"every session is either still cached or counted as evicted, once")
	assert.LessOrEqual(t, byHand, c.Evicted(), "the evictions by hand are counted too")
}

// The admin page frees memory by hand while a customer keeps reading the
// cache. Every EvictOldest must wait for the lock like any other method, even
// when another goroutine holds it for only a moment. The test goes on until
// the customer has read many times while the admin was evicting.
func TestAdminEvictsWhileACustomerReads(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const (
		capacity = 1000
		reads    = 30000
	)
	c := NewSessionCache(capacity)
	tokens := make([]string, capacity)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("t%d", i)
	}
	stored := 0
	fill := func() {
		for _, token := range tokens {
			c.Put(Session{Token: token, User: token})
			stored++
		}
	}
	fill()

	var (
		customer sync.WaitGroup
		read     atomic.Int64
		stop     = make(chan struct{})
	)
	customer.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			c.Get(tokens[i%capacity])
			read.Add(1)
		}
	})
	byHand := 0
	for read.Load() < reads {
		if _, ok := c.EvictOldest(); ok {
			byHand++
		} else {
			fill() // the cache is empty: customers log in again
		}
	}
	close(stop)
	customer.Wait()

	assert.Equal(t, byHand, c.Evicted(), "every eviction by hand is counted, once")
	assert.Equal(t, stored, c.Len()+c.Evicted(), "every session is either still cached or counted as evicted")
	assert.LessOrEqual(t, c.Len(), capacity, "the cache never holds more than its capacity")
}
