// Kata 60: a parallel map that keeps its order.
//
// A print shop turns a customer's photos into a photo book: every photo is
// resized to the width of a page, and the book's pages follow the order in
// which the customer arranged the photos. Resizing is slow, so Layout resizes
// all the photos at once. This is the file to fix: make the tests in
// kata_test.go pass without changing them.
package parallelmaporder

import (
	"fmt"
	"sync"
)

// Photo is one of the customer's photos, as uploaded.
type Photo struct {
	Name   string // the camera's file name: two cameras may use the same one
	Pixels []byte
}

// Page is a photo resized to the width of the book.
type Page struct {
	Photo  string
	Width  int
	Pixels []byte
}

// Resize scales a photo to the given width. It is slow: it runs for seconds
// on a large photo.
type Resize func(p Photo, width int) Page

// Layout resizes every photo to the given width, all of them at the same
// time, and returns the book's pages: page i holds photos[i].
func Layout(photos []Photo, width int, resize Resize) []Page {
	// Each goroutine writes its own element of a slice made up front: the
	// index, not the moment a resize finishes, says where a page goes.
	// Distinct elements are distinct variables, so the writes do not race,
	// and wg.Wait orders them before the caller reads the pages.
	pages := make([]Page, len(photos))
	var wg sync.WaitGroup
	for i, p := range photos {
		wg.Go(func() {
			pages[i] = resize(p, width)
		})
	}
	wg.Wait()
	return pages
}

// Contents lists the book's pages for the order confirmation, one line per
// page: "page 1: beach.jpg".
func Contents(pages []Page) []string {
	lines := make([]string, len(pages))
	for i, p := range pages {
		lines[i] = fmt.Sprintf("page %d: %s", i+1, p.Photo)
	}
	return lines
}
