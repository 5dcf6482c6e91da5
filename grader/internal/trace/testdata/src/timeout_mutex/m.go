package timeoutmutex

import "sync"

// Account holds a balance.
type Account struct {
	mu      sync.Mutex
	balance int
}

// Transfer moves money between two accounts, locking from then to.
func Transfer(from, to *Account, n int, between func()) {
	from.mu.Lock()
	defer from.mu.Unlock()
	between()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}
