// Package chanctxretryhang waits for a component to become ready, polling like a readiness probe.
package chanctxretryhang

import (
	"context"
	"errors"
	"time"
)

// WaitReady polls ready every interval until it returns true or ctx times out.
func WaitReady(ctx context.Context, ready func() bool, interval time.Duration) error {
	for !ready() {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return ctx.Err()
		}
		time.Sleep(interval)
	}
	return nil
}

// Start waits for ready in the background and reports the outcome on the returned channel.
func Start(ctx context.Context, ready func() bool) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- WaitReady(ctx, ready, time.Millisecond) }()
	return errc
}
