// Kata 16: early_return_unlock.
//
// This is the file to fix. A small bank keeps each customer's balance in an
// Account that many tellers (goroutines) use at the same time.
package earlyreturnunlock

import (
	"errors"
	"fmt"
	"sync"
)

// ErrInsufficientFunds is returned when a withdrawal exceeds the balance.
var ErrInsufficientFunds = errors.New("insufficient funds")

// ErrInvalidAmount is returned for a zero or negative amount.
var ErrInvalidAmount = errors.New("amount must be positive")

// Account is a bank account, safe for concurrent use.
type Account struct {
	mu      sync.Mutex
	balance int64 // in cents
}

// NewAccount opens an account with an opening balance in cents.
func NewAccount(cents int64) *Account {
	return &Account{balance: cents}
}

// Balance returns the current balance in cents.
func (a *Account) Balance() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Deposit adds cents to the balance.
func (a *Account) Deposit(cents int64) error {
	if cents <= 0 {
		return ErrInvalidAmount
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += cents
	return nil
}

// Withdraw takes cents from the balance, or refuses with ErrInsufficientFunds
// and leaves the balance as it was.
func (a *Account) Withdraw(cents int64) error {
	if cents <= 0 {
		return ErrInvalidAmount
	}
	a.mu.Lock()
	if cents > a.balance {
		return fmt.Errorf("%w: balance %d, asked %d", ErrInsufficientFunds, a.balance, cents)
	}
	a.balance -= cents
	a.mu.Unlock()
	return nil
}
