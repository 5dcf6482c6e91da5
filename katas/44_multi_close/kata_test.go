package multiclose

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMergeThreeServices(t *testing.T) {
	web, db, cache := make(chan string), make(chan string), make(chan string)
	out := Merge(web, db, cache)

	// Each service logs one line, and the shipper forwards it.
	web <- "web: GET /cart 200"
	assert.Equal(t, "web: GET /cart 200", <-out, "the web line is forwarded")
	db <- "db: slow query (212ms)"
	assert.Equal(t, "db: slow query (212ms)", <-out, "the db line is forwarded")
	cache <- "cache: evicted 12 keys"
	assert.Equal(t, "cache: evicted 12 keys", <-out, "the cache line is forwarded")

	// The services shut down, one after the other.
	close(web)
	close(db)
	close(cache)

	var rest []string
	for line := range out {
		rest = append(rest, line)
	}
	assert.Empty(t, rest, "no line is left once every service has shut down")
}
