package syncmaploadstore

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// billing is a fake billing service: a lookup of a user's plan waits until
// the test opens that user's gate, and the service counts its lookups.
type billing struct {
	mu      sync.Mutex
	limits  map[string]int
	gates   map[string]chan struct{}
	lookups map[string]int
}

func newBilling(limits map[string]int) *billing {
	return &billing{limits: limits, gates: map[string]chan struct{}{}, lookups: map[string]int{}}
}

func (b *billing) gate(user string) chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	g, ok := b.gates[user]
	if !ok {
		g = make(chan struct{})
		b.gates[user] = g
	}
	return g
}

// open lets every lookup of user (now and later) answer.
func (b *billing) open(user string) { close(b.gate(user)) }

func (b *billing) looked(user string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lookups[user]
}

func (b *billing) plan(user string) int {
	b.mu.Lock()
	b.lookups[user]++
	limit := b.limits[user]
	b.mu.Unlock()
	<-b.gate(user)
	return limit
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
// caller (even one not started yet) is blocked or gone: whatever the others
// can do before the billing service answers has happened. Unlike
// synctest.Wait, it also counts a goroutine waiting for a mutex as blocked.
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

// requests starts n requests of user and returns a function that waits for
// them and returns how many were allowed.
func requests(r *Registry, user string, n int) func() int {
	allowed := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { allowed[i] = r.Allow(user) })
	}
	return func() int {
		wg.Wait()
		count := 0
		for _, ok := range allowed {
			if ok {
				count++
			}
		}
		return count
	}
}

func TestEachUserHasTheLimitOfItsPlan(t *testing.T) {
	b := newBilling(map[string]int{"ada": 3, "bob": 1})
	b.open("ada")
	b.open("bob")
	r := NewRegistry(b.plan)

	for i := range 3 {
		assert.True(t, r.Allow("ada"), "ada's plan allows 3 requests a minute: request %d is allowed", i+1)
	}
	assert.False(t, r.Allow("ada"), "ada's fourth request in a minute is refused")
	assert.True(t, r.Allow("bob"), "bob has a limiter of his own")
	assert.False(t, r.Allow("bob"), "bob's plan allows one request a minute")
	assert.Equal(t, 3, r.Used("ada"), "ada used her 3 requests")
	assert.Equal(t, 1, r.Used("bob"), "bob used his one request")
	assert.Zero(t, r.Used("cy"), "a user who sent nothing used nothing")
	assert.Equal(t, 1, b.looked("ada"), "the plan of a known user is not asked for again")
}

func TestTwoFirstRequestsShareOneLimiter(t *testing.T) {
	b := newBilling(map[string]int{"ada": 100})
	r := NewRegistry(b.plan)

	// Ada opens the app: two requests of hers arrive at once, the first
	// ones the gateway sees from her. Both reach the registry before the
	// billing service answers.
	wait := requests(r, "ada", 2)
	settle()
	b.open("ada")
	allowed := wait()
	assert.Equal(t, 2, allowed, "ada's plan allows both requests")
	assert.True(t, r.Allow("ada"), "ada's third request is allowed too")

	assert.Equal(t, 3, r.Used("ada"),
		"ada's first two requests each made a limiter and one was lost: both missed in Load and both called Store, so one request was counted on a limiter the registry no longer has")
}

func TestFirstRequestsKeepToThePlan(t *testing.T) {
	b := newBilling(map[string]int{"trial": 1})
	r := NewRegistry(b.plan)

	// A script on a trial account fires 8 requests at once.
	wait := requests(r, "trial", 8)
	settle()
	b.open("trial")
	allowed := wait()

	assert.Equal(t, 1, allowed,
		"a trial plan allows one request a minute, but several first requests each got a fresh limiter of their own: only one limiter per user may ever be stored and used")
	assert.False(t, r.Allow("trial"), "the trial user's next request is refused too")
	assert.Equal(t, 1, r.Used("trial"), "one request of the trial user was allowed")
}

func TestASlowPlanLookupStallsNobodyElse(t *testing.T) {
	b := newBilling(map[string]int{"ada": 5, "newbie": 5})
	b.open("ada")
	r := NewRegistry(b.plan)
	assert.True(t, r.Allow("ada"), "ada's first request is allowed")

	// A new user's first request waits for the billing service...
	newbie := requests(r, "newbie", 1)
	settle()
	// ...while ada, whom the registry knows, sends another request.
	ada := requests(r, "ada", 1)
	done := make(chan int)
	go func() { done <- ada() }()
	settle()

	stalled := true
	select {
	case allowed := <-done:
		stalled = false
		assert.Equal(t, 1, allowed, "ada's second request is allowed")
	default:
	}
	assert.False(t, stalled,
		"a request of a known user waited for the billing service to answer about another user: do not hold a lock of the whole registry during the plan lookup")

	b.open("newbie")
	assert.Equal(t, 1, newbie(), "the new user's request is allowed once the billing service answers")
	if stalled {
		<-done
	}
	assert.Equal(t, 2, r.Used("ada"), "both of ada's requests were counted")
}

// A busy minute: many users, each sending a burst of requests at once on
// several CPUs, under the race detector.
func TestABusyMinute(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}
	const users, burst, limit = 50, 6, 4
	limits := map[string]int{}
	for u := range users {
		limits[fmt.Sprint("user-", u)] = limit
	}
	b := newBilling(limits)
	for user := range limits {
		b.open(user)
	}
	r := NewRegistry(b.plan)

	waits := map[string]func() int{}
	for user := range limits {
		waits[user] = requests(r, user, burst)
	}
	over := 0
	for user, wait := range waits {
		if wait() != limit || r.Used(user) != limit {
			over++
		}
	}
	assert.Zero(t, over,
		"some users got more requests than their plan allows, or had them counted on a limiter the registry forgot: only one limiter per user may ever be stored and used")
}
