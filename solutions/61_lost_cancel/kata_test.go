package lostcancel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every test checks that the context of each attempt is done when Price
// returns; TestPriceStopsAtAnErrorNotWorthARetry also asks goleak.
//
// The attempts in these tests never time out: a context that is done when
// Price returns was cancelled by Price.
const neverTimesOut = time.Hour

var errDenied = errors.New("market data: symbol not licensed")

// fakeBackend answers each call with the next error of its script (nil: a
// price). Like the real client, every call opens a stream that a goroutine
// keeps open until the call's context is done.
type fakeBackend struct {
	mu      sync.Mutex
	script  []error
	block   bool // every call waits for its context to be done
	calls   []context.Context
	overlap []int // calls that began while an earlier call's context was still live
	dead    []int // calls that were handed a context that was already done
}

func (b *fakeBackend) Fetch(ctx context.Context, symbol string) (Price, error) {
	b.mu.Lock()
	n := len(b.calls) + 1
	if ctx.Err() != nil {
		b.dead = append(b.dead, n)
	}
	for _, earlier := range b.calls {
		if earlier.Err() == nil {
			b.overlap = append(b.overlap, n)
			break
		}
	}
	b.calls = append(b.calls, ctx)
	var err error
	if n <= len(b.script) {
		err = b.script[n-1]
	}
	block := b.block
	b.mu.Unlock()

	if ctx.Err() != nil {
		return Price{}, fmt.Errorf("%w: the backend was handed a context that was already cancelled", ctx.Err())
	}
	go streamOpenUntilContextDone(ctx)
	if block {
		select {
		case <-ctx.Done():
			return Price{}, ctx.Err()
		case <-time.After(time.Minute):
			return Price{}, errors.New("the backend never answered and the attempt did not give up after its timeout: keep the timeout")
		}
	}
	if err != nil {
		return Price{}, err
	}
	return Price{Symbol: symbol, Cents: 18_250}, nil
}

// streamOpenUntilContextDone is the backend client's goroutine that holds the
// stream of one call open until the call's context is done.
func streamOpenUntilContextDone(ctx context.Context) { <-ctx.Done() }

// assertEveryAttemptCancelled checks, after Price returned, that the context
// of every attempt is done, and so that the backend closed every stream.
func assertEveryAttemptCancelled(t *testing.T, b *fakeBackend) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, ctx := range b.calls {
		assert.Error(t, ctx.Err(),
			"the context of attempt %d is still live after Price returned: its cancel was never called, "+
				"so the backend keeps that stream and its goroutine open until the timeout", i+1)
	}
	assert.Empty(t, b.dead,
		"the backend was handed a context that was already cancelled: a defer cancel() in a helper that "+
			"returns the context, or a cancel() before the call, ends the attempt before it starts")
	assert.Empty(t, b.overlap,
		"an attempt began while the context of an earlier attempt was still live: a defer cancel() inside "+
			"the loop runs only when Price returns, so every retry keeps the stream of the one before")
}

func TestPriceOnTheFirstAttempt(t *testing.T) {
	b := &fakeBackend{}
	s := NewPriceService(b, 3, neverTimesOut)

	p, err := s.Price(context.Background(), "ACME")
	require.NoError(t, err, "a backend that answers gives a price")
	assert.Equal(t, Price{Symbol: "ACME", Cents: 18_250}, p, "the price is the backend's answer")
	assert.Len(t, b.calls, 1, "an answer on the first attempt needs no retry")
	assertEveryAttemptCancelled(t, b)
}

func TestPriceRetriesWhileTheBackendIsUnavailable(t *testing.T) {
	b := &fakeBackend{script: []error{ErrUnavailable, ErrUnavailable, nil}}
	s := NewPriceService(b, 3, neverTimesOut)

	p, err := s.Price(context.Background(), "ACME")
	require.NoError(t, err, "the third attempt gets an answer")
	assert.Equal(t, int64(18_250), p.Cents, "the price is the backend's answer")
	assert.Len(t, b.calls, 3, "each unavailable answer is worth another attempt")
	assertEveryAttemptCancelled(t, b)
}

func TestPriceGivesUpAfterTheLastAttempt(t *testing.T) {
	b := &fakeBackend{script: []error{ErrUnavailable, ErrUnavailable, ErrUnavailable, ErrUnavailable}}
	s := NewPriceService(b, 3, neverTimesOut)

	_, err := s.Price(context.Background(), "ACME")
	require.ErrorIs(t, err, ErrUnavailable, "after the last attempt Price reports the backend's error")
	assert.Len(t, b.calls, 3, "Price tries exactly as many times as it was told")
	assertEveryAttemptCancelled(t, b)
}

// The backend refuses the symbol: Price gives up at once, and the stream of
// that last attempt must be closed like every other.
func TestPriceStopsAtAnErrorNotWorthARetry(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	b := &fakeBackend{script: []error{ErrUnavailable, errDenied, nil}}
	s := NewPriceService(b, 3, neverTimesOut)

	_, err := s.Price(context.Background(), "ACME")
	require.ErrorIs(t, err, errDenied, "an error that is not ErrUnavailable is reported at once")
	assert.Len(t, b.calls, 2, "a refused symbol is not worth another attempt")
	assertEveryAttemptCancelled(t, b)
}

func TestPriceWithoutASymbol(t *testing.T) {
	b := &fakeBackend{}
	s := NewPriceService(b, 3, neverTimesOut)

	_, err := s.Price(context.Background(), "")
	assert.ErrorIs(t, err, ErrNoSymbol, "a request without a symbol is refused")
	assert.Empty(t, b.calls, "a request without a symbol never reaches the backend")
}

// In a synctest bubble the clock is fake: an attempt that the backend never
// answers ends after exactly attemptTimeout.
func TestEachAttemptHasItsTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &fakeBackend{block: true}
		s := NewPriceService(b, 1, 2*time.Second)

		start := time.Now()
		_, err := s.Price(context.Background(), "ACME")
		require.ErrorIs(t, err, context.DeadlineExceeded,
			"a backend that never answers is given up on when the attempt's timeout expires: keep the timeout")
		assert.Equal(t, 2*time.Second, time.Since(start), "an attempt lasts at most attemptTimeout")
		assertEveryAttemptCancelled(t, b)
	})
}
