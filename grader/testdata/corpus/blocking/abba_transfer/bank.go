// Package abbatransfer moves money between accounts, each guarded by its own lock.
package abbatransfer

import (
	"errors"
	"sync"
)

// ErrInsufficient is returned when the source account is short.
var ErrInsufficient = errors.New("insufficient funds")

// Account is a balance with its own lock.
type Account struct {
	mu      sync.Mutex
	ID      int
	balance int
}

// NewAccount opens an account.
func NewAccount(id, balance int) *Account { return &Account{ID: id, balance: balance} }

// Balance returns the current balance.
func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Transfer moves amount from one account to the other.
func Transfer(from, to *Account, amount int) error {
	from.mu.Lock()
	defer from.mu.Unlock()
	if from.balance < amount {
		return ErrInsufficient
	}
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
	return nil
}
