package singleflight

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errNoSuchUser = errors.New("no such user")

// userService is a fake slow user service: a fetch of a user waits until
// the test opens that user's gate, and the service counts the fetches it
// serves, per user.
type userService struct {
	mu    sync.Mutex
	gates map[string]chan struct{}
	calls map[string]int
}

func newUserService() *userService {
	return &userService{gates: map[string]chan struct{}{}, calls: map[string]int{}}
}

func (s *userService) gate(id string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.gates[id]
	if !ok {
		g = make(chan struct{})
		s.gates[id] = g
	}
	return g
}

// open lets every fetch of id (now and later) answer.
func (s *userService) open(id string) { close(s.gate(id)) }

func (s *userService) called(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

func (s *userService) fetch(id string) (Profile, error) {
	s.mu.Lock()
	s.calls[id]++
	s.mu.Unlock()
	<-s.gate(id)
	if strings.HasPrefix(id, "ghost") {
		return Profile{}, errNoSuchUser
	}
	return Profile{ID: id, Name: "User " + id}, nil
}

// blockedStates are the states of a goroutine that waits for another one.
var blockedStates = map[string]bool{
	"chan receive": true, "chan send": true, "select": true, "sleep": true,
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.Cond.Wait": true, "sync.WaitGroup.Wait": true,
	"chan receive (nil chan)": true, "chan send (nil chan)": true, "select (no cases)": true,
	"syscall": true, "IO wait": true,
}

// settle waits until every goroutine of the test binary other than the
// caller (page views, fetches, any goroutine the cache starts, even one not
// started yet) is blocked: whatever can happen before the user service
// answers has happened. Unlike synctest.Wait, it also counts a goroutine
// waiting for a mutex as blocked, so a cache that holds its lock during a
// fetch is seen instead of hanging the test.
func settle() {
	buf := make([]byte, 64<<10)
	n := runtime.Stack(buf, false)
	me, _, _ := strings.Cut(string(buf[:n]), " [")
	for {
		for {
			n = runtime.Stack(buf, true)
			if n < len(buf) {
				break
			}
			buf = make([]byte, 2*len(buf))
		}
		busy := false
		for _, g := range bytes.Split(buf[:n], []byte("\n\n")) {
			head, _, _ := strings.Cut(string(g), "\n")
			id, state, _ := strings.Cut(head, " [")
			if id == me {
				continue
			}
			state, _, _ = strings.Cut(strings.TrimSuffix(state, "]:"), ",")
			if !blockedStates[state] {
				busy = true
				break
			}
		}
		if !busy {
			return
		}
		runtime.Gosched()
	}
}

// views starts n page views of user id and returns a function that waits
// for them and returns what each got.
func views(c *ProfileCache, id string, n int) func() ([]Profile, []error) {
	got := make([]Profile, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], errs[i] = c.Get(id) })
	}
	return func() ([]Profile, []error) {
		wg.Wait()
		return got, errs
	}
}

func TestGetCaches(t *testing.T) {
	svc := newUserService()
	svc.open("u1")
	svc.open("ghost")
	c := NewProfileCache(svc.fetch)

	p, err := c.Get("u1")
	require.NoError(t, err)
	assert.Equal(t, Profile{ID: "u1", Name: "User u1"}, p, "the profile comes from the user service")
	_, err = c.Get("u1")
	require.NoError(t, err)
	assert.Equal(t, 1, svc.called("u1"), "the second Get is served from the cache")

	_, err = c.Get("ghost")
	assert.ErrorIs(t, err, errNoSuchUser, "a failed fetch returns its error")
	_, err = c.Get("ghost")
	assert.ErrorIs(t, err, errNoSuchUser, "a failed fetch is not cached: the next Get must ask the user service again")
	assert.Equal(t, 2, svc.called("ghost"), "each failed Get asks the user service again: a failed fetch must not be cached")
}

func TestStampede(t *testing.T) {
	svc := newUserService()
	c := NewProfileCache(svc.fetch)

	// A celebrity posts: 20 page views want the same profile at once.
	const n = 20
	wait := views(c, "celebrity", n)

	// Every page view has asked for the profile and none has it yet.
	// Then let the user service answer.
	settle()
	calls := svc.called("celebrity")
	svc.open("celebrity")
	got, errs := wait()

	assert.Equal(t, 1, calls, "concurrent Gets for the same missing profile must share one fetch")
	assert.Equal(t, 1, svc.called("celebrity"), "the waiting page views must get the shared answer, not fetch again")
	for i := range n {
		assert.NoError(t, errs[i], "page view %d", i)
		assert.Equal(t, Profile{ID: "celebrity", Name: "User celebrity"}, got[i], "page view %d", i)
	}
}

func TestStampedeOnAFailingFetch(t *testing.T) {
	svc := newUserService()
	c := NewProfileCache(svc.fetch)

	const n = 20
	wait := views(c, "ghost", n)
	settle()
	calls := svc.called("ghost")
	svc.open("ghost")
	got, errs := wait()

	assert.Equal(t, 1, calls, "concurrent Gets for the same missing profile must share one fetch, even one that fails")
	for i := range n {
		assert.ErrorIs(t, errs[i], errNoSuchUser,
			"page view %d: every caller that shared a failed fetch gets its error, not an empty profile", i)
		assert.Equal(t, Profile{}, got[i], "page view %d gets no profile", i)
	}

	// The failure is not cached: the next view asks again.
	_, err := c.Get("ghost")
	assert.ErrorIs(t, err, errNoSuchUser, "a failed fetch returns its error")
	assert.Equal(t, 2, svc.called("ghost"), "a failed fetch must not be cached: the next Get asks the user service again")
}

func TestTwoStampedesAtOnce(t *testing.T) {
	svc := newUserService()
	c := NewProfileCache(svc.fetch)

	const n = 10
	users := []string{"singer", "actor", "athlete"}
	waits := make([]func() ([]Profile, []error), len(users))
	for i, u := range users {
		waits[i] = views(c, u, n)
	}
	settle()
	calls := make([]int, len(users))
	for i, u := range users {
		calls[i] = svc.called(u)
		svc.open(u)
	}
	for i, u := range users {
		got, errs := waits[i]()
		assert.Equal(t, 1, calls[i],
			"user %s: each user being viewed gets one fetch of their own, and the fetches of different users run at the same time", u)
		for j := range n {
			assert.NoError(t, errs[j], "page view %d of %s", j, u)
			assert.Equal(t, Profile{ID: u, Name: "User " + u}, got[j],
				"page view %d of %s got another user's profile: fetches must be shared per user id only", j, u)
		}
	}
}

func TestOtherUsersDoNotWait(t *testing.T) {
	svc := newUserService()
	svc.open("fan")
	c := NewProfileCache(svc.fetch)
	_, err := c.Get("fan") // now in the cache
	require.NoError(t, err)

	// The celebrity's profile takes long to fetch.
	waitCelebrity := views(c, "celebrity", 5)
	settle()

	// Meanwhile a page shows a cached profile, and another a new user.
	waitFan := views(c, "fan", 1)
	waitNewbie := views(c, "newbie", 1)
	settle()
	newbieFetched := svc.called("newbie")
	fanDone := make(chan struct{})
	go func() { waitFan(); close(fanDone) }()
	settle()
	var fanServed bool
	select {
	case <-fanDone:
		fanServed = true
	default:
	}

	svc.open("newbie")
	svc.open("celebrity")
	<-fanDone
	waitNewbie()
	waitCelebrity()

	assert.True(t, fanServed,
		"a cached profile must be served while another user's profile is being fetched: a lock must not be held during the fetch")
	assert.Equal(t, 1, newbieFetched,
		"the fetch of another user must start at once, not wait until the celebrity's fetch is done")
}
