package multiclose

import (
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// merge calls Merge and checks that it returns at once: the shipper starts
// forwarding while the services are still running.
func merge(t *testing.T, tails ...<-chan string) <-chan string {
	t.Helper()
	var out <-chan string
	returned := make(chan struct{})
	go func() {
		out = Merge(tails...)
		close(returned)
	}()
	synctest.Wait()
	select {
	case <-returned:
	default:
		require.FailNow(t, "Merge did not return while the services were still running: it must start the forwarding and return the stream at once, not wait for the tails to end")
	}
	return out
}

// stillOpen tells whether out is neither closed nor holding a line.
func stillOpen(out <-chan string) bool {
	select {
	case _, ok := <-out:
		_ = ok
		return false
	default:
		return true
	}
}

func TestMergeThreeServices(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web, db, cache := make(chan string), make(chan string), make(chan string)
		out := merge(t, web, db, cache)

		// Each service logs one line, and the shipper forwards it.
		web <- "web: GET /cart 200"
		assert.Equal(t, "web: GET /cart 200", <-out, "the web line is forwarded")
		db <- "db: slow query (212ms)"
		assert.Equal(t, "db: slow query (212ms)", <-out, "the db line is forwarded")
		cache <- "cache: evicted 12 keys"
		assert.Equal(t, "cache: evicted 12 keys", <-out, "the cache line is forwarded")

		// The services shut down one after the other, in no particular
		// order; the db service keeps logging until it is the last one.
		close(cache)
		synctest.Wait() // the cache forwarder has seen the end of its tail
		assert.True(t, stillOpen(out),
			"the stream was closed when the first service shut down: it may only close once every tail has ended")
		close(web)
		synctest.Wait()
		assert.True(t, stillOpen(out),
			"the stream was closed while the db service was still running: it may only close once every tail has ended")

		db <- "db: checkpoint complete"
		line, ok := <-out
		assert.True(t, ok, "the stream must stay open while the db service is running")
		assert.Equal(t, "db: checkpoint complete", line, "a line of the last running service is forwarded")

		close(db)
		var rest []string
		for line := range out {
			rest = append(rest, line)
		}
		assert.Empty(t, rest, "no line is left once every service has shut down")
	})
}

func TestMergeClosesOnceEveryTailHasEnded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tails := make([]chan string, 8)
		var ro []<-chan string
		for i := range tails {
			tails[i] = make(chan string, 1)
			tails[i] <- "boot"
			ro = append(ro, tails[i])
		}
		out := merge(t, ro...)
		for _, tail := range tails {
			close(tail) // the whole cluster is shut down at once
		}
		n := 0
		for range out {
			n++
		}
		assert.Equal(t, len(tails), n, "every line is forwarded before the stream closes")
	})
}
