package earlyreturnunlock

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestWithdrawAndDeposit(t *testing.T) {
	acc := NewAccount(100_00)

	require.NoError(t, acc.Withdraw(30_00), "withdrawing less than the balance should succeed")
	require.NoError(t, acc.Deposit(5_00), "a positive deposit should succeed")

	assert.Equal(t, int64(75_00), acc.Balance(), "100.00 - 30.00 + 5.00 should leave 75.00")
	assert.ErrorIs(t, acc.Withdraw(0), ErrInvalidAmount, "a zero withdrawal should be refused")
	assert.ErrorIs(t, acc.Deposit(-1), ErrInvalidAmount, "a negative deposit should be refused")
}

func TestRefusedWithdrawalThenDeposit(t *testing.T) {
	acc := NewAccount(50_00)

	err := acc.Withdraw(80_00)
	require.ErrorIs(t, err, ErrInsufficientFunds, "withdrawing more than the balance should be refused")

	// The customer goes to the counter and pays some money in: the account
	// must still be usable after a refusal.
	require.NoError(t, acc.Deposit(100_00), "a deposit after a refused withdrawal should succeed")
	assert.Equal(t, int64(150_00), acc.Balance(), "the refused withdrawal should not change the balance")
}

func TestConcurrentWithdrawals(t *testing.T) {
	// Twenty tellers each try to hand out 10.00 from an account holding
	// 100.00: exactly ten of them succeed.
	acc := NewAccount(100_00)
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if err := acc.Withdraw(10_00); err != nil {
				assert.ErrorIs(t, err, ErrInsufficientFunds, "the only reason to refuse is the balance")
				refused.Add(1)
				return
			}
			ok.Add(1)
		})
	}
	wg.Wait()

	assert.Equal(t, int64(10), ok.Load(), "exactly ten withdrawals of 10.00 fit in 100.00")
	assert.Equal(t, int64(10), refused.Load(), "the other ten should be refused")
	assert.Zero(t, acc.Balance(), "the account should end empty")
}

func TestRefusalWhileDepositing(t *testing.T) {
	// Each round uses a fresh account, so the race detector judges every
	// round on its own: a teller pays money in while another is refused, and
	// only the account itself orders the two. The refusal's error message
	// reports the balance, and must read it while the account is still held.
	for range 50 {
		acc := NewAccount(5_00)
		var wg sync.WaitGroup
		wg.Go(func() {
			assert.NoError(t, acc.Deposit(1_00), "a deposit while another teller is refused should succeed")
		})
		err := acc.Withdraw(1000_00)
		wg.Wait()
		require.ErrorIs(t, err, ErrInsufficientFunds, "withdrawing more than the balance should be refused")
		assert.Equal(t, int64(6_00), acc.Balance(), "the refused withdrawal should not change the balance")
	}
}

func TestTellersNeverOverdraw(t *testing.T) {
	const (
		tellers = 8
		rounds  = 500
	)

	// A check-then-debit in two steps leaves no data race behind when each
	// step is guarded; only what the tellers hand out can show it. Several
	// CPUs and many tellers fighting over one 10.00 make a teller lose its
	// turn between the check and the debit.
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}

	acc := NewAccount(10_00)
	var inHand, overdrawn, paid atomic.Int64
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range tellers {
		wg.Go(func() {
			<-start
			for range rounds {
				err := acc.Withdraw(10_00)
				if err != nil {
					if !assert.ErrorIs(t, err, ErrInsufficientFunds, "the only reason to refuse is the balance") {
						return
					}
					continue
				}
				paid.Add(1)
				// The teller holds the only 10.00 note until it is paid back in.
				if inHand.Add(1) > 1 || acc.Balance() < 0 {
					overdrawn.Add(1)
				}
				inHand.Add(-1)
				if !assert.NoError(t, acc.Deposit(10_00), "paying the note back in should succeed") {
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()

	require.Positive(t, paid.Load(), "some withdrawals of the 10.00 should succeed")
	assert.Zero(t, overdrawn.Load(),
		"two tellers paid out the same 10.00 at once: the balance was checked and then debited in two steps, "+
			"and another teller got in between; the check and the debit must be one critical section")
	assert.GreaterOrEqual(t, acc.Balance(), int64(10_00),
		"the account was overdrawn: the balance was checked and then debited in two steps")
}
