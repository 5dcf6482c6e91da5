package abbatransfer

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestTransferMovesMoney(t *testing.T) {
	alice, bob := NewAccount(1, 100), NewAccount(2, 50)

	require.NoError(t, Transfer(alice, bob, 30), "alice can afford 30")
	assert.Equal(t, 70, alice.Balance(), "the payer is debited")
	assert.Equal(t, 80, bob.Balance(), "the payee is credited")

	err := Transfer(bob, alice, 500)
	assert.ErrorIs(t, err, ErrInsufficientFunds, "bob cannot send more than he has")
	assert.Equal(t, 80, bob.Balance(), "a refused transfer changes nothing")

	assert.ErrorIs(t, Transfer(alice, alice, 1), ErrSameAccount, "a transfer to yourself is refused")
}

// TestOppositeTransfersAtOnce sends money from alice to bob while bob sends
// money to alice. It first watches one transfer in each direction to learn
// which account each one locks first. If the two directions start with
// different accounts, it then pauses both transfers right after their first
// lock until both have reached that point: the unlucky timing that a busy
// server meets sooner or later, made to happen every time.
func TestOppositeTransfersAtOnce(t *testing.T) {
	alice, bob := NewAccount(1, 100), NewAccount(2, 100)
	t.Cleanup(func() { testHook = nil })

	var firstLocked []*Account
	testHook = func(held *Account) { firstLocked = append(firstLocked, held) }
	require.NoError(t, Transfer(alice, bob, 10), "alice pays bob 10")
	require.NoError(t, Transfer(bob, alice, 10), "bob pays alice 10 back")
	require.Len(t, firstLocked, 2, "each transfer calls the test hook once")

	testHook = nil
	if firstLocked[0] != firstLocked[1] {
		var bothHoldOneLock sync.WaitGroup
		bothHoldOneLock.Add(2)
		testHook = func(*Account) {
			bothHoldOneLock.Done()
			bothHoldOneLock.Wait()
		}
	}

	var wg sync.WaitGroup
	var errAlice, errBob error
	wg.Go(func() { errAlice = Transfer(alice, bob, 30) })
	wg.Go(func() { errBob = Transfer(bob, alice, 50) })
	wg.Wait()

	require.NoError(t, errAlice, "alice can afford 30")
	require.NoError(t, errBob, "bob can afford 50")
	assert.Equal(t, 120, alice.Balance(), "alice: 100 - 30 + 50")
	assert.Equal(t, 80, bob.Balance(), "bob: 100 - 50 + 30")
}

func TestBusyDayKeepsTheMoney(t *testing.T) {
	accounts := []*Account{NewAccount(1, 1000), NewAccount(2, 1000), NewAccount(3, 1000), NewAccount(4, 1000)}

	var wg sync.WaitGroup
	for w := range len(accounts) {
		wg.Go(func() {
			for i := range 200 {
				from := accounts[(w+i)%len(accounts)]
				to := accounts[(w+i+1+i%(len(accounts)-1))%len(accounts)]
				_ = Transfer(from, to, 1+i%7)
			}
		})
	}
	wg.Wait()

	total := 0
	for _, a := range accounts {
		total += a.Balance()
	}
	assert.Equal(t, 4000, total, "transfers move money around but never create or destroy it")
}
