package boundedpool

import (
	"fmt"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func album(n int) []Photo {
	ps := make([]Photo, n)
	for i := range ps {
		ps[i] = Photo{Name: fmt.Sprintf("IMG_%04d.jpg", i), Width: 4000, Height: 3000}
	}
	return ps
}

// darkroom is a fake Resize: every call blocks until the test finishes
// that very photo, so the test decides when each resize ends and sees
// exactly which photos are being resized at any moment.
type darkroom struct {
	mu      sync.Mutex
	running []string                 // photos in Resize, in the order they started
	gates   map[string]chan struct{} // closed by the test to finish a photo
	calls   map[string]int           // how often each photo was resized
	open    bool                     // set when the test gives up: no resize blocks any more
}

func newDarkroom() *darkroom {
	return &darkroom{gates: map[string]chan struct{}{}, calls: map[string]int{}}
}

func (d *darkroom) resize(p Photo) Thumbnail {
	gate := make(chan struct{})
	d.mu.Lock()
	d.running = append(d.running, p.Name)
	d.gates[p.Name] = gate
	d.calls[p.Name]++
	if d.open {
		close(gate)
	}
	d.mu.Unlock()

	<-gate // the resize takes a while

	d.mu.Lock()
	for i, n := range d.running {
		if n == p.Name {
			d.running = append(d.running[:i], d.running[i+1:]...)
			break
		}
	}
	d.mu.Unlock()
	return Thumbnail{Name: p.Name, Width: p.Width / 10, Height: p.Height / 10}
}

func (d *darkroom) inFlight() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.running...)
}

// openAll finishes every resize, now and later, so that a failed test
// leaves no goroutine behind.
func (d *darkroom) openAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.open {
		return
	}
	d.open = true
	for _, gate := range d.gates {
		select {
		case <-gate:
		default:
			close(gate)
		}
	}
}

// finish ends the resize of one photo.
func (d *darkroom) finish(name string) {
	d.mu.Lock()
	gate := d.gates[name]
	d.mu.Unlock()
	close(gate)
}

// resizeAlbum runs ResizeAll on an album of n photos with the given limit.
// After every step it waits until every goroutine is blocked (every resize
// that can start has started), checks how many photos are in Resize, then
// finishes the photo that started last: slow photos finish late, as in
// production, so a pool that waits for a whole batch, or collects the
// thumbnails in the order they finish, shows.
func resizeAlbum(t *testing.T, limit, n int) {
	synctest.Test(t, func(t *testing.T) {
		d := newDarkroom()
		r := &Resizer{MaxInFlight: limit, Resize: d.resize}
		in := album(n)
		var thumbs []Thumbnail
		done := make(chan struct{})
		go func() {
			defer close(done)
			thumbs = r.ResizeAll(in)
		}()
		defer func() { d.openAll(); <-done }() // on failure too

		for finished := 0; ; finished++ {
			synctest.Wait()
			running := d.inFlight()
			select {
			case <-done:
				require.Empty(t, running, "ResizeAll returned while photos were still in Resize")
			default:
			}
			if len(running) == 0 {
				break
			}
			require.LessOrEqual(t, len(running), limit,
				"with MaxInFlight=%d, %d photos were in Resize at once: more photos in Resize than MaxInFlight allows",
				limit, len(running))
			if waiting := n - finished - len(running); waiting > 0 {
				require.Equal(t, limit, len(running),
					"with MaxInFlight=%d, only %d photos were in Resize while %d waited: a free slot stayed unused; a finished resize must free its slot for the next photo at once",
					limit, len(running), waiting)
			}
			d.finish(running[len(running)-1])
		}
		synctest.Wait()
		select {
		case <-done:
		default:
			require.Fail(t, "ResizeAll did not return after every photo was resized")
		}

		require.Len(t, thumbs, n, "every photo gets exactly one thumbnail")
		for i, th := range thumbs {
			assert.Equal(t, Thumbnail{Name: in[i].Name, Width: 400, Height: 300}, th,
				"thumbnail %d belongs to photo %d: the thumbnails must be in the order of the photos, not the order the resizes finish", i, i)
		}
		for _, p := range in {
			assert.Equal(t, 1, d.calls[p.Name], "photo %s must be resized exactly once", p.Name)
		}
	})
}

func TestResizeAllStaysWithinLimit(t *testing.T) {
	for _, tc := range []struct{ limit, photos int }{
		{3, 12}, // the usual setting
		{1, 5},  // a tiny server: one resize at a time
		{5, 23}, // a big server
		{4, 2},  // fewer photos than slots
	} {
		t.Run(fmt.Sprintf("MaxInFlight=%d/photos=%d", tc.limit, tc.photos), func(t *testing.T) {
			resizeAlbum(t, tc.limit, tc.photos)
		})
	}
}

func TestResizeAllWithNoPhotos(t *testing.T) {
	r := &Resizer{MaxInFlight: 2, Resize: func(Photo) Thumbnail { panic("no photo to resize") }}
	assert.Empty(t, r.ResizeAll(nil), "no photos, no thumbnails")
}
