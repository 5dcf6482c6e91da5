package nonblockingdrop

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// slowStore is an audit store where every write takes 10ms. Inside a
// synctest bubble that is fake time: the test does not really wait.
type slowStore struct {
	written []Entry
}

func (s *slowStore) write(e Entry) {
	<-time.After(10 * time.Millisecond)
	s.written = append(s.written, e)
}

func TestEveryEntryReachesTheStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &slowStore{}
		a := NewAuditor(store.write, 8)

		// End of day: a clerk's batch job records a burst of 100 actions,
		// far faster than the store can write them.
		var want []Entry
		for i := range 100 {
			e := Entry{Clerk: "ada", Action: fmt.Sprintf("approve payment #%d", i)}
			want = append(want, e)
			require.NoError(t, a.Record(t.Context(), e), "recording with a live context should succeed")
		}
		a.Close()

		require.Len(t, store.written, len(want), "every recorded entry should reach the audit store")
		assert.Equal(t, want, store.written, "the audit trail should hold every entry, in order")
	})
}

func TestRecordWithCancelledContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &slowStore{}
		a := NewAuditor(store.write, 8)

		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := a.Record(ctx, Entry{Clerk: "bob", Action: "open account"})
		a.Close()

		assert.ErrorIs(t, err, context.Canceled, "a cancelled caller should get its context's error")
		assert.Empty(t, store.written, "an entry refused with an error should not be written")
	})
}
