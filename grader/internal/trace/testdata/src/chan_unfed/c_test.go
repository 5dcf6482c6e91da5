package chanunfed

import (
	"testing"
	"testing/synctest"
)

func TestResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sum := 0
		for v := range Results(3) {
			sum += v
		}
		if sum != 6 {
			t.Errorf("sum = %d", sum)
		}
	})
}
