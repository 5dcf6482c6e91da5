// Kata 43: captured err.
//
// Deploy rolls a release out to a fleet of servers in parallel, the way a
// small in-house deploy tool does. This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package capturederr

import (
	"fmt"
	"sync"
)

// Deploy pushes release to every host at once and waits for all the pushes.
// It returns nil when every push succeeded, or an error that wraps a failed
// push (naming its host) when at least one did not.
func Deploy(hosts []string, release string, push func(host, release string) error) error {
	var (
		wg  sync.WaitGroup
		err error
	)
	for _, host := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if perr := push(host, release); perr != nil {
				err = fmt.Errorf("deploy %s to %s: %w", release, host, perr)
			}
		}()
	}
	wg.Wait()
	return err
}
