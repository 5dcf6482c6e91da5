// Package chanwgfirsterror validates resources concurrently and fails fast.
package chanwgfirsterror

import "sync"

// ValidateAll checks every resource and returns the first error.
func ValidateAll(resources []string, check func(string) error) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, r := range resources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- check(r)
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}
