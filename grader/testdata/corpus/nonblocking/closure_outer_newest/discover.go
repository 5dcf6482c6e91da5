// Package closureouternewest asks every mirror for its newest release.
package closureouternewest

import "sync"

// Mirror reports the releases it has through a callback, from its own goroutine.
type Mirror interface {
	List(found func(version string))
}

// Newest returns the newest version any mirror has.
func Newest(mirrors []Mirror) string {
	var newest string
	var wg sync.WaitGroup
	for _, m := range mirrors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.List(func(v string) {
				if v > newest {
					newest = v
				}
			})
		}()
	}
	wg.Wait()
	return newest
}
