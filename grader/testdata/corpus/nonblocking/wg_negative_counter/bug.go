// Package wgnegativecounter deletes a batch of objects in parallel, after a garbage collector.
package wgnegativecounter

import (
	"errors"
	"sync"
)

// DeleteAll deletes every object and returns the errors joined.
func DeleteAll(objects []string, del func(string) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, o := range objects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := del(o); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				wg.Done()
				return
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
