package unbufferedsend

import (
	"runtime"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBootLogsEveryStep(t *testing.T) {
	// One CPU, as on a small container: the order in which goroutines run is then the same in
	// every run, so a line sent from a goroutine of its own lands in the same wrong place each time.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	// Inside the bubble a send that nobody will ever receive is reported at once as a deadlock.
	synctest.Test(t, func(t *testing.T) {
		services := []Service{
			{Name: "db", Port: 5432},
			{Name: "cache", Port: 6379},
			{Name: "api", Port: 8080},
		}

		got := Boot(services)

		assert.Equal(t, []string{
			"boot: starting 3 services",
			"start db on :5432",
			"start cache on :6379",
			"start api on :8080",
			"boot: ready (db, cache, api)",
		}, got, "the boot log must hold every line, in the order it was written")
	})
}

func TestBootWithNoServices(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := Boot(nil)

		assert.Equal(t, []string{
			"boot: starting 0 services",
			"boot: ready ()",
		}, got, "even an empty boot writes its header and its ready line")
	})
}
