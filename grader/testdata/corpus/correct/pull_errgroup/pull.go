// Package pullerrgroup pulls the images of a pod in parallel with errgroup, each goroutine
// returning its own error.
package pullerrgroup

import (
	"fmt"

	"golang.org/x/sync/errgroup"
)

// PullAll pulls every image and returns the first error.
func PullAll(images []string, pull func(image string) error) error {
	var g errgroup.Group
	g.SetLimit(3)
	for _, image := range images {
		g.Go(func() error {
			if err := pull(image); err != nil {
				return fmt.Errorf("pulling %s: %w", image, err)
			}
			return nil
		})
	}
	return g.Wait()
}
