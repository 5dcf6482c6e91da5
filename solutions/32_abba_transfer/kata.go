// Kata 32: AB-BA transfer.
//
// A small bank moves money between customer accounts. Each account has its
// own lock, so transfers between different customers run in parallel. This
// is the file to fix: make the tests in kata_test.go pass without changing
// them.
package abbatransfer

import (
	"errors"
	"fmt"
	"sync"
)

var (
	// ErrInsufficientFunds is returned when the payer cannot cover a transfer.
	ErrInsufficientFunds = errors.New("insufficient funds")
	// ErrSameAccount is returned for a transfer from an account to itself.
	ErrSameAccount = errors.New("cannot transfer to the same account")
)

// Account is a customer account. IDs are unique within the bank.
type Account struct {
	ID      int
	mu      sync.Mutex
	balance int
}

// NewAccount opens an account with an initial balance.
func NewAccount(id, balance int) *Account {
	return &Account{ID: id, balance: balance}
}

// Balance returns the current balance of a.
func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// testHook is nil in production. The tests set it to pause a transfer
// halfway through, the way a slow machine or a busy scheduler would.
var testHook func(held *Account)

// Transfer moves amount from one account to another, atomically: no one can
// observe the money in both accounts or in neither.
func Transfer(from, to *Account, amount int) error {
	if from == to {
		return ErrSameAccount
	}

	// Every transfer locks the account with the smaller ID first. With one
	// global order, two transfers can never each hold the lock the other
	// one is waiting for.
	first, second := from, to
	if second.ID < first.ID {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	if testHook != nil {
		testHook(first)
	}
	second.mu.Lock()
	defer second.mu.Unlock()

	if from.balance < amount {
		return fmt.Errorf("transfer %d from account %d: %w", amount, from.ID, ErrInsufficientFunds)
	}
	from.balance -= amount
	to.balance += amount
	return nil
}
