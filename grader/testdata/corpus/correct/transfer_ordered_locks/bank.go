// Package transferorderedlocks moves money between accounts, taking the two locks in ID order.
package transferorderedlocks

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
	first, second := from, to
	if to.ID < from.ID {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if from.balance < amount {
		return ErrInsufficient
	}
	from.balance -= amount
	to.balance += amount
	return nil
}
