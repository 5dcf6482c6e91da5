package transferorderedlocks

import (
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestConcurrentTransfers(t *testing.T) {
	a, b := NewAccount(1, 100000), NewAccount(2, 100000)
	var wg sync.WaitGroup
	move := func(from, to *Account) {
		defer wg.Done()
		for range 20000 {
			if err := Transfer(from, to, 1); err != nil {
				t.Error(err)
				return
			}
		}
	}
	wg.Add(2)
	go move(a, b)
	go move(b, a)
	wg.Wait()
	if got := a.Balance() + b.Balance(); got != 200000 {
		t.Fatalf("total = %d, want 200000", got)
	}
}
