package lockparent

import "sync"

// Ledger is a balance behind a mutex.
type Ledger struct {
	mu      sync.Mutex
	balance int
}

// Add adds to the balance.
func (l *Ledger) Add(n int) {
	l.mu.Lock()
	l.balance += n
	l.mu.Unlock()
}

// Audit holds the lock while a worker adds the interest, and waits for the worker: the worker
// can never take the lock.
func (l *Ledger) Audit() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wg sync.WaitGroup
	wg.Go(func() {
		l.mu.Lock()
		l.balance++
		l.mu.Unlock()
	})
	wg.Wait()
	return l.balance
}
