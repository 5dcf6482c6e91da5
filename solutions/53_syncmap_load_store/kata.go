// Kata 53: sync.Map, Load then Store.
//
// The API gateway of a web service limits how many requests each user may
// make per minute, according to the user's plan. This is the file to fix:
// make the tests in kata_test.go pass without changing them.
package syncmaploadstore

import "sync"

// Plans asks the billing service how many requests per minute a user's plan
// allows. It is slow: a network call.
type Plans func(user string) int

// Limiter counts one user's requests in the current minute.
type Limiter struct {
	mu    sync.Mutex
	limit int
	used  int
}

// Allow counts a request and reports whether the plan still allows it.
func (l *Limiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.used >= l.limit {
		return false
	}
	l.used++
	return true
}

// Used returns the number of requests allowed so far.
func (l *Limiter) Used() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.used
}

// Registry keeps one Limiter per user. The gateway serves many requests at
// once, so the limiters live in a sync.Map: most requests come from users
// the registry already knows, and only read it.
type Registry struct {
	plans    Plans
	limiters sync.Map // user name -> *Limiter
}

// NewRegistry returns an empty registry that asks plans about new users.
func NewRegistry(plans Plans) *Registry {
	return &Registry{plans: plans}
}

// Allow counts a request of user and reports whether the user's plan allows
// it. The user's limiter is made on the user's first request.
func (r *Registry) Allow(user string) bool {
	if l, ok := r.limiters.Load(user); ok {
		return l.(*Limiter).Allow()
	}
	// Several first requests of a user may get here at once. LoadOrStore
	// stores a limiter only if none is there yet, in one atomic step, and
	// returns the one that is: every request uses that one, and the
	// limiters made by the requests that lost are dropped unused.
	l, _ := r.limiters.LoadOrStore(user, &Limiter{limit: r.plans(user)})
	return l.(*Limiter).Allow()
}

// Used returns how many requests of user were allowed this minute.
func (r *Registry) Used(user string) int {
	l, ok := r.limiters.Load(user)
	if !ok {
		return 0
	}
	return l.(*Limiter).Used()
}
