package synctestdeadlock

import (
	"testing"
	"testing/synctest"
)

func TestCollect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		go func() { ch <- 1 }()
		Collect(ch, 2)
	})
}
