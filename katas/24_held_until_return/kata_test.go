package helduntilreturn

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every test runs in a testing/synctest bubble, where time is fake: a Send
// takes one second of the bubble's clock, and the clock moves only when every
// goroutine of the bubble is blocked. The sizes of the tests follow PoolSize,
// so a bigger pool changes nothing: there are always more batches, or more
// exporters, than connections.

// sendTime is how long the accounting system takes to accept a batch.
const sendTime = time.Second

var errRefused = errors.New("accounting system: batch refused")

// accounting is a fake accounting system: it opens sessions, records what
// it receives, and notices a session used by two senders at once.
type accounting struct {
	pool   Pool   // once set, every Send records how many connections are out
	refuse string // a payload with this prefix is refused

	mu            sync.Mutex
	opened        int
	sent          []string
	shared        []string // payloads sent over a session that was already sending
	inFlight      int
	peak          int   // most sends in flight at once
	outDuringSend []int // connections out of the pool during each send
}

type session struct {
	acct    *accounting
	sending int
}

func (a *accounting) dial() Conn {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.opened++
	return &session{acct: a}
}

func (s *session) Send(payload string) error {
	a := s.acct
	a.mu.Lock()
	s.sending++
	if s.sending > 1 {
		a.shared = append(a.shared, payload)
	}
	a.inFlight++
	a.peak = max(a.peak, a.inFlight)
	if a.pool != nil {
		a.outDuringSend = append(a.outDuringSend, a.opened-len(a.pool))
	}
	a.mu.Unlock()

	<-time.After(sendTime) // the fake clock: no real waiting

	a.mu.Lock()
	defer a.mu.Unlock()
	s.sending--
	a.inFlight--
	if a.refuse != "" && strings.HasPrefix(payload, a.refuse) {
		return errRefused
	}
	a.sent = append(a.sent, payload)
	return nil
}

func (a *accounting) received() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.sent)
}

func invoices(company string, n int) [][]string {
	batches := make([][]string, n)
	for i := range batches {
		batches[i] = []string{fmt.Sprintf("%s-%d-a", company, i), fmt.Sprintf("%s-%d-b", company, i)}
	}
	return batches
}

// start runs Export in a goroutine of the bubble and returns the channel of
// its error.
func start(pool Pool, batches [][]string) <-chan error {
	done := make(chan error, 1)
	go func() { done <- Export(pool, batches) }()
	return done
}

// finish waits for an Export begun by start. Its batches take seconds of
// the fake clock, which moves only when every goroutine is blocked: an
// Export that has not returned after an hour is stuck for good. The test
// then says why, and waits all the same, so that the bubble reports the
// deadlock with the line where Export waits.
func finish(t *testing.T, done <-chan error, stuck string) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Hour):
		assert.Fail(t, stuck)
		return <-done
	}
}

// assertAllBack checks that the pool has its connections again and that it
// never opened more sessions than the accounting system accepts.
func assertAllBack(t *testing.T, acct *accounting, pool Pool) {
	t.Helper()
	acct.mu.Lock()
	defer acct.mu.Unlock()
	assert.LessOrEqual(t, acct.opened, PoolSize,
		"the accounting system accepts %d sessions: the pool must not open more", PoolSize)
	assert.Equal(t, acct.opened, len(pool), "every connection must be back in the pool once the exports are done")
}

func TestAnExportWithMoreBatchesThanConnections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		acct := &accounting{}
		pool := NewPool(acct.dial)
		acct.pool = pool
		n := 2*PoolSize + 1

		err := finish(t, start(pool, invoices("north", n)), fmt.Sprintf(
			"Export of %d batches never returned: it holds all %d connections of the pool and waits for one more, "+
				"which only its own return would give back. A deferred release runs when the function returns, "+
				"not at the end of the loop's body, and a bigger pool only moves the limit", n, PoolSize))
		require.NoError(t, err,
			"every batch must be sent: an exporter that gives up waiting for a connection fails the night's export")

		sent := acct.received()
		assert.Len(t, sent, n,
			"every batch must be sent: a batch skipped because no connection was free is an invoice lost")
		if len(sent) == n {
			var want []string
			for i := range n {
				want = append(want, fmt.Sprintf("batch %d: north-%d-a,north-%d-b", i, i, i))
			}
			assert.Equal(t, want, sent, "the batches are sent in order, each once")
		}
		ones := slices.Repeat([]int{1}, n)
		assert.Equal(t, ones, acct.outDuringSend,
			"while a batch is sent, its exporter must hold exactly one connection, the one it sends over: "+
				"0 means the connection went back to the pool before the batch was sent, "+
				"more means the exporter holds several at once, and other exporters wait for them")
		assertAllBack(t, acct, pool)
	})
}

// The night's exporters start one after the other, one per company, one
// more than the pool has connections. Each has two batches.
func TestExportersSharingThePool(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		acct := &accounting{}
		pool := NewPool(acct.dial)
		exporters := PoolSize + 1

		var dones []<-chan error
		for e := range exporters {
			dones = append(dones, start(pool, invoices(fmt.Sprintf("company%d", e), 2)))
			synctest.Wait() // until this exporter waits for a connection, or for its send
		}
		for e, done := range dones {
			err := finish(t, done, fmt.Sprintf(
				"the %d exporters never returned: %d of them hold a connection each and wait for a second one, "+
					"which only another exporter's return would free, while the last one gets none at all. "+
					"Holding a connection while waiting for the next one deadlocks, whatever the pool's size",
				exporters, PoolSize))
			assert.NoError(t, err, "exporter %d must send its batches", e)
		}

		acct.mu.Lock()
		assert.Empty(t, acct.shared,
			"a connection was used by two exporters at once: a connection given back to the pool before its "+
				"batch is sent is lent to another exporter while it is still sending")
		assert.GreaterOrEqual(t, acct.peak, PoolSize,
			"only %d of the %d connections were sending at once while %d exporters had batches: "+
				"the exporters must share the pool, not take turns", acct.peak, PoolSize, exporters)
		acct.mu.Unlock()
		sent := acct.received()
		assert.Len(t, sent, 2*exporters, "every batch of every exporter must be sent")
		for e := range exporters {
			first := slices.Index(sent, fmt.Sprintf("batch 0: company%d-0-a,company%d-0-b", e, e))
			second := slices.Index(sent, fmt.Sprintf("batch 1: company%d-1-a,company%d-1-b", e, e))
			assert.True(t, first >= 0 && second > first, "company%d's batches must be sent, in order", e)
		}
		assertAllBack(t, acct, pool)
	})
}

// The accounting system refuses the second batch: Export must stop there
// and say so, and the connection of the refused batch must go back to the
// pool, or the rest of the night runs with one connection fewer.
func TestARefusedBatchGivesItsConnectionBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		acct := &accounting{refuse: "batch 1:"}
		pool := NewPool(acct.dial)

		err := finish(t, start(pool, invoices("south", PoolSize+1)),
			"Export never returned after the accounting system refused batch 1")
		require.Error(t, err,
			"Export must report the refused batch, not return nil: the caller must know that invoices were not sent")
		assert.ErrorIs(t, err, errRefused, "Export must return the accounting system's error")
		assert.ErrorContains(t, err, "batch 1", "the error must name the refused batch")
		assert.Len(t, acct.received(), 1, "the batch before the refused one is sent, and none after it")

		// The night goes on: as many exporters as the pool has connections,
		// one batch each, must all be sending at once.
		acct.mu.Lock()
		acct.refuse, acct.peak = "", 0
		acct.mu.Unlock()
		var dones []<-chan error
		for e := range PoolSize {
			dones = append(dones, start(pool, invoices(fmt.Sprintf("east%d", e), 1)))
		}
		for e, done := range dones {
			err := finish(t, done, "an exporter never got a connection after a batch was refused: "+
				"the refused batch's connection never went back to the pool")
			assert.NoError(t, err, "exporter %d after the refused batch must send its batch", e)
		}
		acct.mu.Lock()
		peak := acct.peak
		acct.mu.Unlock()
		assert.Equal(t, PoolSize, peak,
			"after a refused batch only %d of the %d connections could be used at once: the refused batch's "+
				"connection never went back to the pool. An early return skips a release that is not deferred",
			peak, PoolSize)
		assertAllBack(t, acct, pool)
	})
}
