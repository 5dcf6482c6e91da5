// Kata 61: lost cancel.
//
// PriceService answers the price requests of a trading front end by asking a
// slow market-data backend, with a timeout for each attempt and a few retries
// when the backend is briefly unavailable. This is the file to fix: make the
// tests in kata_test.go pass without changing them.
package lostcancel

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrUnavailable is the backend's answer when it is briefly overloaded; the
// call is worth another attempt.
var ErrUnavailable = errors.New("market data: backend unavailable")

// ErrNoSymbol is returned for a request without a symbol.
var ErrNoSymbol = errors.New("price: no symbol")

// Price is a quote in cents.
type Price struct {
	Symbol string
	Cents  int64
}

// Backend is the market-data client. Each call opens a stream to the backend
// that stays open, with a goroutine watching ctx, until ctx is done.
type Backend interface {
	Fetch(ctx context.Context, symbol string) (Price, error)
}

// PriceService asks the backend for prices.
type PriceService struct {
	backend        Backend
	attempts       int
	attemptTimeout time.Duration
}

// NewPriceService returns a service that tries the backend up to attempts
// times, giving each attempt attemptTimeout.
func NewPriceService(b Backend, attempts int, attemptTimeout time.Duration) *PriceService {
	return &PriceService{backend: b, attempts: max(attempts, 1), attemptTimeout: attemptTimeout}
}

// Price returns the current price of symbol. It retries while the backend is
// unavailable and gives up at once on any other error.
func (s *PriceService) Price(ctx context.Context, symbol string) (Price, error) {
	if symbol == "" {
		return Price{}, ErrNoSymbol
	}
	var lastErr error
	for attempt := 1; attempt <= s.attempts; attempt++ {
		p, err := s.fetch(ctx, symbol)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, ErrUnavailable) {
			return Price{}, fmt.Errorf("price of %s: %w", symbol, err)
		}
		lastErr = err
	}
	return Price{}, fmt.Errorf("price of %s after %d attempts: %w", symbol, s.attempts, lastErr)
}

// fetch makes one attempt. Its context lives exactly as long as the attempt:
// the deferred cancel runs when fetch returns, on every path.
func (s *PriceService) fetch(ctx context.Context, symbol string) (Price, error) {
	ctx, cancel := context.WithTimeout(ctx, s.attemptTimeout)
	defer cancel()
	return s.backend.Fetch(ctx, symbol)
}
