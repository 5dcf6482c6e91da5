// Package fetchdrainafterwait fetches manifests concurrently and drains the results while waiting.
package fetchdrainafterwait

import (
	"slices"
	"sync"
)

// FetchAll fetches every ref with fetch and returns the results sorted.
func FetchAll(refs []string, fetch func(string) string) []string {
	var wg sync.WaitGroup
	out := make(chan string)
	for _, ref := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- fetch(ref)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []string
	for r := range out {
		res = append(res, r)
	}
	slices.Sort(res)
	return res
}
