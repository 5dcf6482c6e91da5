package parallelmaporder

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const width = 1200

// photo makes a photo whose pixels tell it apart from every other one, even
// from a photo with the same name; its first pixel is its id.
func photo(id int, name string) Photo {
	return Photo{Name: name, Pixels: []byte{byte(id), byte(id * 7), byte(id * 13), byte(id >> 8)}}
}

// scale is the fake resizing: the page's pixels are derived from the photo's.
func scale(p Photo, w int) Page {
	px := make([]byte, len(p.Pixels))
	for i, b := range p.Pixels {
		px[i] = b ^ 0xff
	}
	return Page{Photo: p.Name, Width: w, Pixels: px}
}

// timedResize returns a fake resize in which the photo with id i takes
// finish[i] of (fake) time, and a counter of the resizes that have started.
// Run it in a synctest bubble: the photos then finish in exactly the order
// the durations say, however the goroutines are scheduled.
func timedResize(finish []time.Duration) (Resize, *atomic.Int32) {
	var started atomic.Int32
	return func(p Photo, w int) Page {
		started.Add(1)
		<-time.After(finish[p.Pixels[0]])
		return scale(p, w)
	}, &started
}

// checkOrder checks that page i holds photos[i], resized.
func checkOrder(t *testing.T, photos []Photo, pages []Page, finishing string) bool {
	t.Helper()
	require.Len(t, pages, len(photos), "one page per photo")
	for i, p := range photos {
		want := scale(p, width)
		if pages[i].Photo == p.Name && !assert.Equal(t, want, pages[i],
			"page %d holds the other %s: two photos with the same name are still two photos, and only their position in the book tells them apart (a sort by name, or by the position of a name, cannot)", i+1, p.Name) {
			return false
		}
		if !assert.Equal(t, want, pages[i],
			"page %d holds the wrong photo when the resizes finish %s: the pages must come back in the order of the photos, not in the order the resizes finish", i+1, finishing) {
			return false
		}
	}
	return true
}

// hours turns a finishing order into durations: order[k] is the id of the
// photo that finishes k-th.
func hours(order ...int) []time.Duration {
	finish := make([]time.Duration, len(order))
	for k, id := range order {
		finish[id] = time.Duration(k+1) * time.Hour
	}
	return finish
}

func book() []Photo {
	names := []string{"sunset.jpg", "beach.jpg", "kids.jpg", "dunes.jpg", "alps.jpg", "harbour.jpg"}
	photos := make([]Photo, len(names))
	for i, n := range names {
		photos[i] = photo(i, n)
	}
	return photos
}

func TestLayoutOfAnEmptyBook(t *testing.T) {
	assert.Empty(t, Layout(nil, width, scale), "a book without photos has no pages")
}

// The slowest photo comes first in the book, the quickest last: the resizes
// finish in the reverse order of the pages.
func TestLayoutResizesAllPhotosAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		photos := book()
		resize, started := timedResize(hours(5, 4, 3, 2, 1, 0))
		done := make(chan []Page)
		go func() { done <- Layout(photos, width, resize) }()

		synctest.Wait() // every resize that has started is waiting for its time
		assert.Equal(t, int32(len(photos)), started.Load(),
			"Layout must resize every photo at the same time, not one at a time: a slow photo must not hold up the others")
		select {
		case <-done:
			require.Fail(t, "Layout returned before every resize had finished: the book would be printed with empty pages, written later while the printer reads them")
		default:
		}
		checkOrder(t, photos, <-done, "in the reverse order")
	})
}

func TestLayoutKeepsTheOrderWhateverOrderResizesFinish(t *testing.T) {
	for _, c := range []struct {
		finishing string
		finish    []time.Duration
	}{
		{"in order", hours(0, 1, 2, 3, 4, 5)},
		{"in an interleaved order", hours(3, 0, 4, 1, 5, 2)},
		{"in another interleaved order", hours(1, 5, 0, 2, 4, 3)},
		{"in the reverse order", hours(5, 4, 3, 2, 1, 0)},
	} {
		t.Run(c.finishing, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				resize, _ := timedResize(c.finish)
				checkOrder(t, book(), Layout(book(), width, resize), c.finishing)
			})
		})
	}
}

// Two cameras name their files the same way: a book may hold two different
// photos called IMG_0001.jpg.
func TestTwoPhotosWithTheSameName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		photos := []Photo{
			photo(0, "IMG_0001.jpg"), photo(1, "beach.jpg"), photo(2, "IMG_0001.jpg"),
			photo(3, "IMG_0002.jpg"), photo(4, "IMG_0002.jpg"),
		}
		resize, _ := timedResize(hours(4, 2, 3, 1, 0))
		checkOrder(t, photos, Layout(photos, width, resize), "in the reverse order")
	})
}

// A large book on several CPUs, with real scheduling: the resizes finish in
// whatever order they do, and write their pages at the same time.
func TestLayoutOfALargeBookOnSeveralCPUs(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	photos := make([]Photo, 300)
	for i := range photos {
		photos[i] = photo(i, fmt.Sprintf("IMG_%04d.jpg", i%40))
	}
	resize := func(p Photo, w int) Page {
		for range (int(p.Pixels[0]) * 7919) % 13 {
			runtime.Gosched()
		}
		return scale(p, w)
	}
	for range 3 {
		if !checkOrder(t, photos, Layout(photos, width, resize), "in whatever order the scheduler picks") {
			break
		}
	}
}

func TestContents(t *testing.T) {
	pages := []Page{scale(photo(0, "sunset.jpg"), width), scale(photo(1, "beach.jpg"), width)}
	assert.Equal(t, []string{"page 1: sunset.jpg", "page 2: beach.jpg"}, Contents(pages),
		"the order confirmation lists the pages in order")
}
