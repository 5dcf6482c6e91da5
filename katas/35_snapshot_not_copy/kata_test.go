package snapshotnotcopy

import (
	"fmt"
	"io"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fleet is what the refresher has found so far: three services, one of
// them with an instance that failed its last health check.
var fleet = []struct{ name, addr string }{
	{"api", "10.0.0.1:80"}, {"api", "10.0.0.2:80"}, {"api", "10.0.0.3:80"},
	{"billing", "10.0.1.1:80"},
	{"search", "10.0.2.1:80"}, {"search", "10.0.2.2:80"},
}

const fleetPage = `api: 2 of 3 up: 10.0.0.1:80 10.0.0.3:80
billing: 1 of 1 up: 10.0.1.1:80
search: 2 of 2 up: 10.0.2.1:80 10.0.2.2:80
`

func newFleet() *Registry {
	r := NewRegistry()
	for _, f := range fleet {
		r.Register(f.name, f.addr)
	}
	r.SetHealth("api", "10.0.0.2:80", false)
	return r
}

// refresh is one round of the background refresher: every instance fails its
// health check, a new service comes up and billing goes away.
func refresh(r *Registry) {
	for _, f := range fleet {
		r.SetHealth(f.name, f.addr, false)
	}
	r.Register("cart", "10.0.3.1:80")
	r.Deregister("billing")
}

// healthy counts the healthy instances of each service of a snapshot.
func healthy(services map[string]Service) map[string]int {
	out := map[string]int{}
	for name, s := range services {
		out[name] = 0
		for _, e := range s.Endpoints {
			if e.Healthy {
				out[name]++
			}
		}
	}
	return out
}

var fleetHealthy = map[string]int{"api": 2, "billing": 1, "search": 2}

// allOf returns the registry's All method. A registry that hands out no map
// at all (handlers read it through a callback, say) has nothing to test here.
func allOf(t *testing.T, r *Registry) func() map[string]Service {
	a, ok := any(r).(interface{ All() map[string]Service })
	if !ok {
		t.Skip("the Registry has no All() map[string]Service method: it hands out no map")
	}
	return a.All
}

// pageWriter is the response of a request for the status page. The first
// line it receives calls onFirstLine: the test does something there while
// the handler is in the middle of the page.
type pageWriter struct {
	strings.Builder
	onFirstLine func()
}

func (w *pageWriter) Write(p []byte) (int, error) {
	if f := w.onFirstLine; f != nil {
		w.onFirstLine = nil
		f()
	}
	return w.Builder.Write(p)
}

func TestStatusPage(t *testing.T) {
	var page strings.Builder
	require.NoError(t, StatusPage(&page, newFleet()), "writing the page to memory cannot fail")
	assert.Equal(t, fleetPage, page.String(), "one line per service, in name order, with its healthy instances")
}

func TestASnapshotStaysAsItWas(t *testing.T) {
	r := newFleet()
	all := allOf(t, r)
	before := all()
	refresh(r)
	after := all()

	assert.Equal(t, map[string]int{"api": 0, "cart": 1, "search": 0}, healthy(after),
		"All must show what the refresher changed")
	assert.NotEqual(t, reflect.ValueOf(before).UnsafePointer(), reflect.ValueOf(after).UnsafePointer(),
		"All returned the same map before and after the refresher changed the registry: each call must return a map of its own, not a map the registry keeps and refills")
	assert.Equal(t, []string{"api", "billing", "search"}, slices.Sorted(maps.Keys(before)),
		"the map All returned changed after All returned: it is the registry's own map. The lock in All guards it only until All returns, so a handler reading it later, or copying it, reads it outside the lock while the refresher writes it under the lock")
	assert.Equal(t, fleetHealthy, healthy(before),
		"the endpoints in the map All returned changed after All returned: a copy of the map still shares the Endpoints slices, and SetHealth changes them in place. Copy the slices too")
}

func TestStatusPageWhileTheRefresherRuns(t *testing.T) {
	r := newFleet()
	var others sync.WaitGroup
	page := &pageWriter{onFirstLine: func() {
		// While the page is being written, the refresher runs a round and
		// another visitor asks for the status page.
		others.Go(func() { refresh(r) })
		others.Go(func() {
			var other strings.Builder
			_ = StatusPage(&other, r)
		})
	}}
	require.NoError(t, StatusPage(page, r), "writing the page to memory cannot fail")
	others.Wait()

	assert.Equal(t, fleetPage, page.String(),
		"the status page mixes the registry before and after a refresh: it must be written from one snapshot of the registry, taken before its first line")
}

func TestASnapshotKeptWhileTheRefresherRuns(t *testing.T) {
	r := newFleet()
	all := allOf(t, r)
	kept := all()

	var refresher sync.WaitGroup
	refresher.Go(func() { refresh(r) })
	counts := healthy(kept) // a handler goes on reading what it kept
	refresher.Wait()

	assert.Equal(t, fleetHealthy, counts,
		"a snapshot a handler kept changed while the refresher ran: All must return a copy made while it holds the lock, slices included")
}

// Many page views while the refresher works flat out, on several CPUs: a
// last net for copies made outside the lock, which only a crowd may catch.
func TestManyPagesWhileTheRefresherRuns(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	r := newFleet()
	done := make(chan struct{})
	var refresher sync.WaitGroup
	refresher.Go(func() {
		defer close(done)
		for i := range 200 {
			for _, f := range fleet {
				r.SetHealth(f.name, f.addr, i%2 == 0)
			}
			r.Register("cart", fmt.Sprintf("10.0.3.%d:80", i%200))
			if i%10 == 9 {
				r.Deregister("cart")
			}
		}
	})
	for pages := 0; ; pages++ {
		require.NoError(t, StatusPage(io.Discard, r), "writing a page to io.Discard cannot fail")
		select {
		case <-done:
			refresher.Wait()
			return
		default:
		}
	}
}
