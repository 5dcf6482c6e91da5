package afterfuncexpiry

import (
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The tests run in testing/synctest bubbles: time is fake, so a session
// expires at exactly its time to live and no real time passes.

const ttl = time.Minute

// pause lets d of fake time pass.
func pause(d time.Duration) { <-time.After(d) }

// auditLog records every call of onExpire, with the fake time it came at.
type auditLog struct {
	mu      sync.Mutex
	start   time.Time
	expired []string
}

func newAuditLog() *auditLog { return &auditLog{start: time.Now()} }

func (l *auditLog) onExpire(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expired = append(l.expired, fmt.Sprintf("%s at %v", id, time.Since(l.start)))
}

func (l *auditLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.expired...)
}

// A request handler reads the store every 7 seconds while the expiry of
// session s1 fires at 60s: the expiry and the handler touch the same map.
func TestSessionExpiresWhileHandlersServe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		defer s.Close()
		s.Login("s1", "ada")
		s.Login("s2", "bob")

		seen := make(chan []bool)
		go func() { // bob's browser, one request every 7s
			var found []bool
			for range 13 {
				pause(7 * time.Second)
				_, ok := s.User("s1")
				found = append(found, ok)
				s.Touch("s2")
			}
			seen <- found
		}()
		found := <-seen

		want := []bool{true, true, true, true, true, true, true, true, false, false, false, false, false}
		assert.Equal(t, want, found,
			"s1 must be found until its ttl has passed (7s to 56s) and never after it (63s to 91s)")
		user, ok := s.User("s2")
		assert.True(t, ok && user == "bob", "s2 was touched every 7s: it must still be there")
		assert.Equal(t, []string{"s1 at 1m0s"}, log.all(), "onExpire is told once, when s1's ttl is over")
		assert.Equal(t, 1, s.Len(), "only s2 is left")
	})
}

func TestTouchKeepsTheSessionAlive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		defer s.Close()
		s.Login("s1", "ada")

		pause(40 * time.Second)
		require.True(t, s.Touch("s1"), "s1 is 40s old: Touch finds it")
		pause(59 * time.Second) // 99s: the login's ttl is long over, the touch's is not
		synctest.Wait()
		_, ok := s.User("s1")
		assert.True(t, ok,
			"s1 was touched at 40s and is gone at 99s: the old timer of the login must not expire a refreshed session")
		assert.Empty(t, log.all(), "no session is due before 100s")

		pause(time.Second) // 100s
		synctest.Wait()
		_, ok = s.User("s1")
		assert.False(t, ok, "s1 expires ttl after its last Touch")
		assert.Equal(t, []string{"s1 at 1m40s"}, log.all(), "onExpire is told once, ttl after the last Touch")
		assert.False(t, s.Touch("s1"), "an expired session cannot be refreshed")
	})
}

// Users come back at the very instant their sessions expire: the timers have
// fired, and each Touch may come before or after its timer's function gets to
// the store. Either is fine, but a Touch that reports the session refreshed
// must keep it alive. Which comes first is up to the scheduler: thirty rounds
// of 25 users, touched newest first, leave no room for luck.
func TestTouchAtTheInstantOfExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rounds, users = 30, 25
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		defer s.Close()

		lost := 0
		for r := range rounds {
			id := func(i int) string { return fmt.Sprintf("r%d-u%d", r, i) }
			for i := range users {
				s.Login(id(i), "someone")
			}
			pause(ttl) // the instant every session of this round is due
			refreshed := make([]bool, users)
			for i := users - 1; i >= 0; i-- {
				refreshed[i] = s.Touch(id(i))
			}
			synctest.Wait()
			for i := range users {
				if _, ok := s.User(id(i)); refreshed[i] && !ok {
					lost++
				}
				s.Logout(id(i))
			}
		}
		assert.Zero(t, lost,
			"Touch reported a session refreshed, and then the timer that had already fired deleted it: a timer's function may run after a Touch, so under the lock it must check that the session is still due")
	})
}

func TestLoginAgainReplacesTheSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		defer s.Close()
		s.Login("s1", "ada")
		pause(30 * time.Second)
		s.Login("s1", "ada on her phone")

		pause(31 * time.Second) // 61s
		synctest.Wait()
		user, ok := s.User("s1")
		assert.True(t, ok && user == "ada on her phone",
			"the timer of the replaced session must not expire the new one")
		assert.Empty(t, log.all(), "the new session is due at 90s")

		pause(29 * time.Second) // 90s
		synctest.Wait()
		assert.Equal(t, []string{"s1 at 1m30s"}, log.all(), "the new session expires ttl after its own login, once")
		assert.Zero(t, s.Len(), "no session is left")
	})
}

func TestLogoutIsNotAnExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		defer s.Close()
		s.Login("s1", "ada")
		pause(10 * time.Second)
		s.Logout("s1")

		pause(2 * ttl)
		synctest.Wait()
		assert.Empty(t, log.all(), "a session that logged out is not expired later")
		assert.False(t, s.Touch("s1"), "a session that logged out is gone")
	})
}

// Many users, logging in a second apart, half of them touching once: every
// session expires at its own instant, whatever the number of sessions.
func TestManySessionsExpireEachOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const users = 300
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		defer s.Close()

		var want []string
		for i := range users {
			s.Login(fmt.Sprint("u", i), fmt.Sprint("user ", i))
			pause(time.Second)
		}
		// At 300s every session from before 240s has expired; the others are
		// touched now.
		for i := range users {
			at := time.Duration(i)*time.Second + ttl
			if at <= users*time.Second {
				want = append(want, fmt.Sprintf("u%d at %v", i, at))
				continue
			}
			require.True(t, s.Touch(fmt.Sprint("u", i)), "u%d logged in less than ttl ago", i)
		}
		synctest.Wait()
		assert.Equal(t, want, log.all(), "each session expires ttl after its login, in login order")

		pause(ttl)
		synctest.Wait()
		assert.Len(t, log.all(), users, "every session expires, once")
		assert.Zero(t, s.Len(), "no session is left ttl after the last Touch")
	})
}

// The server shuts down with sessions still pending: their expiry must never
// run, or the audit log hears of sessions after it was closed.
func TestCloseStopsEveryPendingExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := newAuditLog()
		s := NewStore(ttl, log.onExpire)
		for i := range 50 {
			s.Login(fmt.Sprint("u", i), "someone")
		}
		pause(30 * time.Second)
		s.Touch("u0")
		s.Close()
		assert.Zero(t, s.Len(), "Close ends every session")

		pause(3 * ttl)
		synctest.Wait()
		assert.Empty(t, log.all(),
			"onExpire ran after Close: Close must stop every pending expiry, a timer nobody stops still fires")
	})
}
