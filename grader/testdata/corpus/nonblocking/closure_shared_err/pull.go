// Package closuresharederr pulls the images of a pod in parallel, after the kubelet image puller.
package closuresharederr

import (
	"fmt"
	"sync"
)

// PullAll pulls every image and returns an error if any pull failed.
func PullAll(images []string, pull func(image string) error) error {
	var wg sync.WaitGroup
	var err error
	for _, image := range images {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err = pull(image)
			if err != nil {
				err = fmt.Errorf("pulling %s: %w", image, err)
			}
		}()
	}
	wg.Wait()
	return err
}
