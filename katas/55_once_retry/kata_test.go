package onceretry

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errRefused = errors.New("connection refused")

// fakeConn is a connection to the fake database: the warehouse holds 7 of
// everything.
type fakeConn struct{ attempt int }

func (fakeConn) Stock(string) (int, error) { return 7, nil }

// database is a fake database that is down at start-up: its first failures
// dials are refused, the ones after that succeed. It counts the attempts and
// the largest number of them in flight at once. When gate is not nil, every
// dial waits for a token from the test before it answers.
type database struct {
	failures int
	gate     chan struct{}

	mu       sync.Mutex
	attempts int
	inflight int
	most     int
}

func (db *database) dial(addr string) (Conn, error) {
	db.mu.Lock()
	db.attempts++
	n := db.attempts
	db.inflight++
	db.most = max(db.most, db.inflight)
	db.mu.Unlock()

	if db.gate != nil {
		<-db.gate
	}

	db.mu.Lock()
	db.inflight--
	db.mu.Unlock()
	if n <= db.failures {
		return nil, fmt.Errorf("dial %s: %w", addr, errRefused)
	}
	return fakeConn{attempt: n}, nil
}

// stats returns the attempts so far, those in flight now, and the most that
// were ever in flight at once.
func (db *database) stats() (attempts, inflight, most int) {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.attempts, db.inflight, db.most
}

func TestStockWhenTheDatabaseIsUp(t *testing.T) {
	db := &database{}
	c := NewClient("db:5432", db.dial)
	attempts, _, _ := db.stats()
	require.Zero(t, attempts, "NewClient must not dial: the service starts before the database")

	for range 3 {
		n, err := c.Stock("apples")
		require.NoError(t, err, "the database is up: Stock must work")
		assert.Equal(t, 7, n, "the stock comes from the database")
	}
	attempts, _, _ = db.stats()
	assert.Equal(t, 1, attempts, "one connection is shared by all requests: dial once, not per request")
}

func TestRetriesAfterAFailedStart(t *testing.T) {
	db := &database{failures: 2}
	c := NewClient("db:5432", db.dial)

	// The database is still booting: the first two requests find it down.
	for i := 1; i <= 2; i++ {
		_, err := c.Conn()
		assert.ErrorIs(t, err, errRefused,
			"while the database is down, Conn reports the dial's error to its caller at once: a request must not wait, or retry, inside Conn for the database to come up")
		attempts, _, _ := db.stats()
		assert.Equal(t, i, attempts,
			"the first dial failed and no later call dialled again: a failed start must not be remembered, every call after a failure tries once more")
	}

	// Now it is up: the next request must connect.
	conn, err := c.Conn()
	require.NoError(t, err,
		"the database is up again, but Conn still returns the error of a failed start: a transient outage at start-up must not break the service until it restarts")
	again, err := c.Conn()
	require.NoError(t, err, "once connected, Conn keeps the connection")
	assert.Equal(t, conn, again, "every request shares the connection that succeeded")
	attempts, _, _ := db.stats()
	assert.Equal(t, 3, attempts, "once a dial succeeded, nobody dials again")
}

// A request that keeps trying, as the load balancer's retries do: at most 5
// times, until it gets the stock. It calls started.Done first.
func requestUntilServed(c *Client, started *sync.WaitGroup) bool {
	started.Done()
	for range 5 {
		if _, err := c.Stock("apples"); err == nil {
			return true
		}
	}
	return false
}

// idleStates are the states of a goroutine that waits for another one.
var idleStates = map[string]bool{
	"chan receive": true, "chan send": true, "select": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.Cond.Wait": true, "sync.WaitGroup.Wait": true,
}

// settle waits until every request of the test (a goroutine in
// requestUntilServed) is waiting: in a dial for the test's token, or for
// another request. Unlike synctest.Wait, it counts a goroutine waiting for
// a mutex as waiting too. It returns how many requests are still running.
func settle() int {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		busy, requests := false, 0
		for _, g := range bytes.Split(buf[:n], []byte("\n\n")) {
			if !bytes.Contains(g, []byte(".requestUntilServed(")) {
				continue
			}
			requests++
			head, _, _ := strings.Cut(string(g), "\n")
			_, state, _ := strings.Cut(head, " [")
			state, _, _ = strings.Cut(strings.TrimSuffix(state, "]:"), ",")
			if !idleStates[state] {
				busy = true
			}
		}
		if !busy {
			return requests
		}
		runtime.Gosched()
	}
}

// Three requests arrive while the database is down. The dials are held
// until every request waits, so two dials at once cannot hide.
func TestOneDialAtATime(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	db := &database{failures: 2, gate: make(chan struct{})}
	c := NewClient("db:5432", db.dial)

	const requests = 3
	served := make([]bool, requests)
	var wg, started sync.WaitGroup
	started.Add(requests)
	for i := range requests {
		wg.Go(func() { served[i] = requestUntilServed(c, &started) })
	}
	started.Wait()
	for settle() > 0 {
		_, inflight, _ := db.stats()
		if inflight == 0 {
			break // the requests wait for something that is not a dial
		}
		db.gate <- struct{}{} // one dial in flight answers
	}
	wg.Wait()

	attempts, _, most := db.stats()
	assert.LessOrEqual(t, most, 1,
		"%d dials were in flight at once: while one request dials, the others must wait for its result, not dial too", most)
	for i, ok := range served {
		assert.True(t, ok, "request %d never got the stock: once the database is up, every request is served", i)
	}
	assert.Equal(t, db.failures+1, attempts,
		"each failed dial is followed by exactly one new attempt, and nobody dials after a success")
}

// A burst of requests on several CPUs while the database boots: many dials
// fail, then one succeeds and every request shares it.
func TestAnOutageAtStartUpUnderLoad(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	const (
		workers  = 8
		requests = 200
	)
	db := &database{failures: 40}
	c := NewClient("db:5432", db.dial)

	served := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range requests {
				if _, err := c.Stock("apples"); err == nil {
					served[w]++
				}
			}
		})
	}
	wg.Wait()
	// The database is up for good now.
	_, err := c.Stock("apples")
	assert.NoError(t, err, "the database is up, but Stock still fails: a failed start must not be remembered")

	attempts, _, most := db.stats()
	assert.LessOrEqual(t, most, 1, "%d dials were in flight at once: one attempt at a time", most)
	assert.Equal(t, db.failures+1, attempts, "nobody dials again once a dial succeeded")
	total := 0
	for _, n := range served {
		total += n
	}
	assert.Equal(t, workers*requests-db.failures, total,
		"every request after the outage is served, and each failed dial fails exactly one request")
}
