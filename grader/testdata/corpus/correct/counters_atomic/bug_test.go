package countersatomic

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestObserveFromHandlers(t *testing.T) {
	var c Counters
	var wg sync.WaitGroup
	for h := range 8 {
		wg.Go(func() {
			for i := range 100 {
				c.Observe(200 + 300*((h+i)%2))
			}
		})
	}
	wg.Wait()
	total, errs := c.Snapshot()
	assert.Equal(t, int64(800), total)
	assert.Equal(t, int64(400), errs)
}
