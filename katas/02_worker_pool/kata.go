// Kata 02: worker pool.
//
// This is the file to fix. The tests in kata_test.go describe what Render must do.
package workerpool

import (
	"fmt"
	"slices"
	"sync"
)

// Job asks for a thumbnail of one uploaded photo.
type Job struct {
	ID   int
	Path string
}

// Thumbnail is the result of a Job.
type Thumbnail struct {
	JobID int
	Path  string
	Size  int
}

// thumbSize is the edge, in pixels, of every thumbnail.
const thumbSize = 128

// makeThumbnail pretends to scale a photo down.
func makeThumbnail(j Job) Thumbnail {
	return Thumbnail{
		JobID: j.ID,
		Path:  fmt.Sprintf("thumbs/%d_%s", thumbSize, j.Path),
		Size:  thumbSize,
	}
}

// Render runs the jobs on a pool of workers and returns one thumbnail per job,
// sorted by job ID.
func Render(jobs []Job, workers int) []Thumbnail {
	queue := make(chan Job)
	results := make(chan Thumbnail, len(jobs))

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			for j := range queue {
				results <- makeThumbnail(j)
			}
		}()
	}

	for _, j := range jobs {
		queue <- j
	}
	close(queue)

	wg.Wait()
	close(results)

	thumbs := make([]Thumbnail, 0, len(jobs))
	for t := range results {
		thumbs = append(thumbs, t)
	}
	slices.SortFunc(thumbs, func(a, b Thumbnail) int { return a.JobID - b.JobID })
	return thumbs
}
