package doublelocking

import (
	"fmt"
	"sync"
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
