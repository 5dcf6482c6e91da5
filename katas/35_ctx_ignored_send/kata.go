// Kata 35: a send that ignores the context.
//
// A deploy tool follows the log of a freshly started service and waits for
// the line that says the service is up. Follow polls the log source on a
// ticker and streams the new lines; WaitFor reads the stream until a line
// matches, then cancels the follower. This is the file to fix: make the
// tests in kata_test.go pass without changing them.
package ctxignoredsend

import (
	"context"
	"strings"
	"time"
)

// Source returns the log lines written since its previous call.
type Source func() []string

// Follow polls src every interval and sends each new line on the returned
// channel, in order. It stops, and closes the channel, when ctx is done.
func Follow(ctx context.Context, src Source, every time.Duration) <-chan string {
	lines := make(chan string)
	go func() {
		defer close(lines)
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			for _, line := range src() {
				lines <- line
			}
		}
	}()
	return lines
}

// WaitFor follows the log until a line contains want, and returns that
// line. It gives up with ctx's error when ctx is done first.
func WaitFor(ctx context.Context, src Source, every time.Duration, want string) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	for line := range Follow(ctx, src, every) {
		if strings.Contains(line, want) {
			return line, nil
		}
	}
	return "", ctx.Err()
}
