// Kata 59: a panic in a worker.
//
// A photo-sharing site renders a thumbnail of every uploaded picture. Process
// spreads a batch of uploads over a few worker goroutines, each of which calls
// the image codec the caller supplies. This is the file to fix: make the tests
// in kata_test.go pass without changing them.
package workerpanic

import (
	"errors"
	"fmt"
	"sync"
)

// Upload is one picture to render.
type Upload struct {
	Name string
	Data []byte
}

// Thumb is a rendered thumbnail.
type Thumb struct {
	Name          string
	Width, Height int
}

// Result is the outcome of one upload: its thumbnail, or the reason it has
// none.
type Result struct {
	Upload string
	Thumb  Thumb
	Err    error
}

// ErrPanicked is the error of an upload whose rendering panicked. The
// upload's Result wraps it, together with what the codec panicked with.
var ErrPanicked = errors.New("render panicked")

// Render turns one upload into a thumbnail. It is third-party code (an image
// codec) and may fail, or crash, on a malformed picture.
type Render func(Upload) (Thumb, error)

// Process renders every upload with the given number of worker goroutines,
// and returns one Result per upload, in the order of uploads. An upload whose
// rendering fails gets the error in its Result; it does not affect the others.
func Process(uploads []Upload, workers int, render Render) []Result {
	results := make([]Result, len(uploads))
	queue := make(chan int, len(uploads))
	for i := range uploads {
		queue <- i
	}
	close(queue)

	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range queue {
				thumb, err := renderSafely(render, uploads[i])
				results[i] = Result{Upload: uploads[i].Name, Thumb: thumb, Err: err}
			}
		})
	}
	wg.Wait()
	return results
}

// renderSafely calls render and turns a panic into the upload's error. A
// panic unwinds only the goroutine it happens in, and only a deferred
// recover in that same goroutine can stop it: left alone, it ends the whole
// process, every other upload with it.
func renderSafely(render Render, u Upload) (thumb Thumb, err error) {
	defer func() {
		if p := recover(); p != nil {
			thumb, err = Thumb{}, fmt.Errorf("%s: %w: %v", u.Name, ErrPanicked, p)
		}
	}()
	return render(u)
}

// Failed returns the names of the uploads that got no thumbnail.
func Failed(results []Result) []string {
	var names []string
	for _, r := range results {
		if r.Err != nil {
			names = append(names, r.Upload)
		}
	}
	return names
}
