package singleflight

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errNoSuchUser = errors.New("no such user")

// userService is a fake slow user service: every fetch waits until the test
// opens the gate, and the service counts the fetches it serves.
type userService struct {
	gate  chan struct{}
	calls atomic.Int32
}

func (s *userService) fetch(id string) (Profile, error) {
	s.calls.Add(1)
	<-s.gate
	if id == "ghost" {
		return Profile{}, errNoSuchUser
	}
	return Profile{ID: id, Name: "User " + id}, nil
}

func TestGetCaches(t *testing.T) {
	svc := &userService{gate: make(chan struct{})}
	close(svc.gate) // no waiting in this test
	c := NewProfileCache(svc.fetch)

	p, err := c.Get("u1")
	require.NoError(t, err)
	assert.Equal(t, Profile{ID: "u1", Name: "User u1"}, p, "the profile comes from the user service")
	_, err = c.Get("u1")
	require.NoError(t, err)
	assert.Equal(t, int32(1), svc.calls.Load(), "the second Get is served from the cache")

	_, err = c.Get("ghost")
	assert.ErrorIs(t, err, errNoSuchUser, "a failed fetch returns its error")
	_, err = c.Get("ghost")
	assert.ErrorIs(t, err, errNoSuchUser, "a failed fetch is not cached")
	assert.Equal(t, int32(3), svc.calls.Load(), "each failed Get asks the user service again")
}

func TestStampede(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := &userService{gate: make(chan struct{})}
		c := NewProfileCache(svc.fetch)

		// A celebrity posts: 20 page views want the same profile at once.
		const views = 20
		got := make([]Profile, views)
		errs := make([]error, views)
		var wg sync.WaitGroup
		for i := range views {
			wg.Go(func() { got[i], errs[i] = c.Get("celebrity") })
		}

		// Wait until every page view is blocked: all of them have asked for
		// the profile and none has it yet. Then let the user service answer.
		synctest.Wait()
		close(svc.gate)
		wg.Wait()

		assert.Equal(t, int32(1), svc.calls.Load(),
			"concurrent Gets for the same missing profile must share one fetch")
		for i := range views {
			assert.NoError(t, errs[i], "page view %d", i)
			assert.Equal(t, Profile{ID: "celebrity", Name: "User celebrity"}, got[i], "page view %d", i)
		}
	})
}
