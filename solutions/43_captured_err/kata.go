// Kata 43: captured err.
//
// Deploy rolls a release out to a fleet of servers in parallel, the way a
// small in-house deploy tool does. This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package capturederr

import (
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Deploy pushes release to every host at once and waits for all the pushes.
// It returns nil when every push succeeded, or an error that wraps a failed
// push (naming its host) when at least one did not.
func Deploy(hosts []string, release string, push func(host, release string) error) error {
	// Each goroutine returns its own error instead of writing a shared
	// variable; the group keeps the first one and hands it over in Wait.
	var g errgroup.Group
	for _, host := range hosts {
		g.Go(func() error {
			if err := push(host, release); err != nil {
				return fmt.Errorf("deploy %s to %s: %w", release, host, err)
			}
			return nil
		})
	}
	return g.Wait()
}
