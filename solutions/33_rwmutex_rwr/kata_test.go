package rwmutexrwr

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestOverridesAndDefaults(t *testing.T) {
	s := NewConfigStore(map[string]string{"theme": "light", "checkout": "v1"})

	assert.Equal(t, "light", s.Get("theme"), "a flag without override has its default")
	assert.Equal(t, "", s.Get("unknown"), "an unknown flag is empty")

	s.Set("checkout", "v2")
	assert.Equal(t, "v2", s.Get("checkout"), "an override wins over the default")
	assert.Equal(t, "v1", s.Default("checkout"), "Default ignores overrides")

	s.Reset("checkout")
	assert.Equal(t, "v1", s.Get("checkout"), "after Reset the default is back")
}

// TestReadWhileAdminWrites pauses a Get after it has started reading, starts
// an admin Set, and lets the Get go on only once the Set is waiting for the
// lock. A server with many readers and an occasional writer gets into this
// state sooner or later; the test makes it happen every time.
func TestReadWhileAdminWrites(t *testing.T) {
	s := NewConfigStore(map[string]string{"theme": "light"})
	t.Cleanup(func() { testHook = nil })

	adminDone := make(chan struct{})
	testHook = func() {
		testHook = nil // only the first Get is paused
		go func() {
			defer close(adminDone)
			s.Set("beta", "on")
		}()
		// Once a writer is waiting for the lock, TryRLock fails: new readers
		// must queue behind it so that writers are not starved.
		for s.mu.TryRLock() {
			s.mu.RUnlock()
			select {
			case <-adminDone:
				return // the writer did not have to wait at all
			default:
				runtime.Gosched()
			}
		}
	}

	got := s.Get("theme")
	<-adminDone

	assert.Equal(t, "light", got, "the paused Get still returns the default")
	assert.Equal(t, "on", s.Get("beta"), "the admin's override is applied")
}

func TestManyReadersOneWriter(t *testing.T) {
	s := NewConfigStore(map[string]string{"theme": "light"})

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				if v := s.Get("theme"); v != "light" && v != "dark" {
					t.Errorf("Get returned %q, want light or dark", v)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 100 {
			if i%2 == 0 {
				s.Set("theme", "dark")
			} else {
				s.Reset("theme")
			}
		}
	})
	wg.Wait()

	assert.Equal(t, "light", s.Get("theme"), "the last Reset brings the default back")
}
