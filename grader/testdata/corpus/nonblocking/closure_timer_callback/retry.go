// Package closuretimercallback retries an operation until it succeeds or a deadline passes.
package closuretimercallback

import (
	"errors"
	"time"
)

// ErrDeadline is returned when the deadline passes first.
var ErrDeadline = errors.New("retry: deadline exceeded")

// Retry calls op until it succeeds or timeout passes, and returns the last error.
func Retry(op func() error, timeout, backoff time.Duration) error {
	var lastErr error
	expired := false
	timer := time.AfterFunc(timeout, func() {
		expired = true
		lastErr = ErrDeadline
	})
	defer timer.Stop()
	for !expired {
		if lastErr = op(); lastErr == nil {
			return nil
		}
		time.Sleep(backoff)
	}
	return lastErr
}
