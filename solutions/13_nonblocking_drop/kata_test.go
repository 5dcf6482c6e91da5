package nonblockingdrop

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// slowStore is an audit store where every write takes a while (10ms unless
// set). Inside a synctest bubble that is fake time: the test does not really
// wait.
type slowStore struct {
	delay   time.Duration
	written []Entry
}

func (s *slowStore) write(e Entry) {
	d := s.delay
	if d == 0 {
		d = 10 * time.Millisecond
	}
	<-time.After(d)
	s.written = append(s.written, e)
}

// stuckStore is an audit store that hangs (a lock on the database, say) until
// the test calls release. The test can then see who waits for it.
type stuckStore struct {
	mu      sync.Mutex
	gate    chan struct{}
	once    sync.Once
	written []Entry
}

func newStuckStore() *stuckStore { return &stuckStore{gate: make(chan struct{})} }

func (s *stuckStore) write(e Entry) {
	<-s.gate
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written = append(s.written, e)
}

func (s *stuckStore) release() { s.once.Do(func() { close(s.gate) }) }

func (s *stuckStore) entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry(nil), s.written...)
}

func entries(clerk string, n int) []Entry {
	var es []Entry
	for i := range n {
		es = append(es, Entry{Clerk: clerk, Action: fmt.Sprintf("approve payment #%d", i)})
	}
	return es
}

func TestEveryEntryReachesTheStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &slowStore{}
		a := NewAuditor(store.write, 8)

		// End of day: a clerk's batch job records a burst of 100 actions,
		// far faster than the store can write them.
		want := entries("ada", 100)
		for _, e := range want {
			require.NoError(t, a.Record(t.Context(), e), "recording with a live context should succeed")
		}
		a.Close()

		require.Len(t, store.written, len(want), "every recorded entry should reach the audit store")
		assert.Equal(t, want, store.written, "the audit trail should hold every entry, in order")
	})
}

// With the store stuck, the auditor can hold the entry being written plus
// buffer entries waiting; a further Record must wait for room.
func TestRecordWaitsForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const buffer = 4
		store := newStuckStore()
		defer store.release()
		a := NewAuditor(store.write, buffer)

		want := entries("ada", 40)
		var accepted atomic.Int32
		var failed atomic.Bool
		producerDone := make(chan struct{})
		go func() {
			defer close(producerDone)
			for _, e := range want {
				if a.Record(context.Background(), e) != nil {
					failed.Store(true)
				}
				accepted.Add(1)
			}
		}()
		synctest.Wait()

		n := int(accepted.Load())
		assert.GreaterOrEqual(t, n, buffer,
			"while the buffer has room, Record should return at once and not wait for the store")
		assert.LessOrEqual(t, n, buffer+1,
			"with the store stuck and the buffer full, Record returned without waiting for room: "+
				"dropping the entry, handing it to another goroutine or a bigger buffer only moves the limit")
		select {
		case <-producerDone:
			assert.Fail(t, "Record should wait for room when the buffer is full",
				"all %d entries were accepted while the store was stuck: a bigger buffer only moves the limit", len(want))
		default:
		}

		store.release()
		<-producerDone
		a.Close()

		assert.False(t, failed.Load(), "recording with a live context should succeed")
		assert.Equal(t, want, store.entries(), "once the store recovers, the audit trail should hold every entry, in order")
	})
}

// The store is down for an hour (a failover): Record must wait as long as
// its caller is willing to wait, not give up or drop entries on its own.
func TestRecordWaitsAsLongAsTheCallerDoes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &slowStore{delay: time.Hour}
		a := NewAuditor(store.write, 2)

		want := entries("cy", 8)
		gaveUp := 0
		for _, e := range want {
			if a.Record(t.Context(), e) != nil {
				gaveUp++
			}
		}
		a.Close()

		assert.Zero(t, gaveUp,
			"Record gave up on a live context: it must wait as long as the caller's context allows, not on a timeout of its own")

		assert.Equal(t, want, store.written,
			"entries were lost while the store was slow: Record must wait for room, not retry a few times and drop")
	})
}

func TestRecordWithCancelledContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &slowStore{}
		a := NewAuditor(store.write, 8)

		// The buffer has room, yet a caller whose context is already done
		// must be refused, every time (a select between a ready send and a
		// done context picks either at random).
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		refused := 0
		for _, e := range entries("bob", 100) {
			if err := a.Record(ctx, e); err != nil {
				assert.ErrorIs(t, err, context.Canceled, "a cancelled caller should get its context's error")
				refused++
			}
		}
		a.Close()

		assert.Equal(t, 100, refused,
			"a caller whose context is already done must be refused even when there is room in the buffer")
		assert.Empty(t, store.written, "an entry refused with an error should not be written")
	})
}

func TestRecordGivesUpWhenCancelledWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const buffer = 2
		store := newStuckStore()
		defer store.release()
		a := NewAuditor(store.write, buffer)

		// Fill the auditor while the store is stuck: one entry in the
		// writer's hands, buffer entries waiting.
		queued := entries("dee", buffer+1)
		fillerDone := make(chan struct{})
		go func() {
			defer close(fillerDone)
			for _, e := range queued {
				_ = a.Record(context.Background(), e)
			}
		}()
		synctest.Wait()
		select {
		case <-fillerDone:
		default:
			assert.Fail(t, "while the buffer has room, Record should return at once and not wait for the store")
			store.release()
			<-fillerDone
			a.Close()
			return
		}

		// A handler whose request is cancelled while it waits for room.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		late := Entry{Clerk: "dee", Action: "cancelled request"}
		var err error
		returned := make(chan struct{})
		go func() {
			defer close(returned)
			err = a.Record(ctx, late)
		}()
		synctest.Wait()
		cancel()
		synctest.Wait()

		select {
		case <-returned:
			assert.ErrorIs(t, err, context.Canceled, "a Record cancelled while waiting should return its context's error")
		default:
			assert.Fail(t, "a Record waiting for room must give up when its context is cancelled",
				"the caller's request is gone but Record still waits for the store")
		}

		store.release()
		<-fillerDone
		<-returned
		a.Close()
		assert.NotContains(t, store.entries(), late, "an entry refused with an error should not be written")
	})
}
