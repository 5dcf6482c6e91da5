// Package wgmissingdone syncs a set of repositories in parallel.
package wgmissingdone

import "sync"

// Syncer remembers which repositories are up to date.
type Syncer struct {
	mu       sync.Mutex
	upToDate map[string]bool
	Pull     func(repo string) error
}

// SyncAll pulls every repository that is not up to date and returns the errors by repository.
func (s *Syncer) SyncAll(repos []string) map[string]error {
	var wg sync.WaitGroup
	errs := map[string]error{}
	for _, repo := range repos {
		wg.Add(1)
		go func() {
			s.mu.Lock()
			fresh := s.upToDate[repo]
			s.mu.Unlock()
			if fresh {
				return
			}
			err := s.Pull(repo)
			s.mu.Lock()
			errs[repo] = err
			s.upToDate[repo] = err == nil
			s.mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	return errs
}
