package timeoutmutex

import (
	"sync"
	"testing"
)

func TestTransfer(t *testing.T) {
	a, b := &Account{balance: 10}, &Account{balance: 10}
	var both sync.WaitGroup
	both.Add(2)
	barrier := func() { both.Done(); both.Wait() }
	var wg sync.WaitGroup
	wg.Go(func() { Transfer(a, b, 1, barrier) })
	wg.Go(func() { Transfer(b, a, 1, barrier) })
	wg.Wait()
}
