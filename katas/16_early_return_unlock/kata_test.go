package earlyreturnunlock

import (
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
