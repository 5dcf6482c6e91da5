// Kata 46: bounded pool.
//
// Resizer makes the thumbnails of a photo-sharing site. Resizing a photo
// takes a lot of memory, so the site allows only a few resizes at once.
// This is the file to fix: make the tests in kata_test.go pass without
// changing them.
package boundedpool

import "sync"

// Photo is an uploaded picture.
type Photo struct {
	Name          string
	Width, Height int
}

// Thumbnail is the small version of a photo shown in galleries.
type Thumbnail struct {
	Name          string
	Width, Height int
}

// Resizer turns photos into thumbnails with Resize. At most MaxInFlight
// photos may be in Resize at any moment.
type Resizer struct {
	MaxInFlight int
	Resize      func(Photo) Thumbnail
}

// ResizeAll returns the thumbnails of photos, in the same order, resizing
// several photos at once.
func (r *Resizer) ResizeAll(photos []Photo) []Thumbnail {
	thumbs := make([]Thumbnail, len(photos))
	var wg sync.WaitGroup
	for i, p := range photos {
		wg.Go(func() {
			thumbs[i] = r.Resize(p)
		})
	}
	wg.Wait()
	return thumbs
}
