package rarestopafterexit

import (
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSquares(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		jobs := make(chan int)
		w := Start(jobs)
		defer w.Stop()
		go func() {
			for i := 1; i <= 3; i++ {
				jobs <- i
			}
			close(jobs)
		}()
		sum := 0
		for r := range w.Results() {
			sum += r
		}
		assert.Equal(t, 14, sum)
	})
}
