// Kata 50: ticker limiter.
//
// Limiter keeps a web crawler polite: it lets the crawler fetch at most one
// page per interval from a site, with a small burst allowed at start. Every
// crawl job makes a limiter and stops it when the job is done. This is the
// file to fix: make the tests in kata_test.go pass without changing them.
package tickerlimiter

import (
	"context"
	"time"
)

// Limiter is a token bucket refilled by a ticker: one token per interval,
// at most burst tokens saved up.
type Limiter struct {
	ticker *time.Ticker
	tokens chan struct{}
	done   chan struct{} // closed by Stop: tells refill to return
}

// NewLimiter returns a limiter that starts with a full bucket of burst
// tokens and adds a token every interval.
func NewLimiter(every time.Duration, burst int) *Limiter {
	l := &Limiter{
		ticker: time.NewTicker(every),
		tokens: make(chan struct{}, max(burst, 1)),
		done:   make(chan struct{}),
	}
	for range cap(l.tokens) {
		l.tokens <- struct{}{}
	}
	go l.refill()
	return l
}

func (l *Limiter) refill() {
	// ticker.Stop stops the ticks but does not close ticker.C, so ranging
	// over it would wait forever: wait for done as well.
	for {
		select {
		case <-l.ticker.C:
			select {
			case l.tokens <- struct{}{}:
			default: // the bucket is full
			}
		case <-l.done:
			return
		}
	}
}

// Wait blocks until a token is available and takes it, or until ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stop releases the limiter's resources, including the goroutine that
// refills it. The limiter must not be used after Stop.
func (l *Limiter) Stop() {
	l.ticker.Stop()
	close(l.done)
}
