package boundedpool

import (
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// gauge counts the resizes in progress and remembers the highest count.
type gauge struct {
	now, peak atomic.Int32
}

func (g *gauge) enter() {
	n := g.now.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (g *gauge) leave() { g.now.Add(-1) }

func album(n int) []Photo {
	ps := make([]Photo, n)
	for i := range ps {
		ps[i] = Photo{Name: fmt.Sprintf("IMG_%04d.jpg", i), Width: 4000, Height: 3000}
	}
	return ps
}

func TestResizeAllStaysWithinLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g gauge
		release := make(chan struct{})
		r := &Resizer{
			MaxInFlight: 3,
			Resize: func(p Photo) Thumbnail {
				g.enter()
				defer g.leave()
				<-release // the resize takes a while
				return Thumbnail{Name: p.Name, Width: p.Width / 10, Height: p.Height / 10}
			},
		}

		in := album(12)
		var thumbs []Thumbnail
		done := make(chan struct{})
		go func() {
			defer close(done)
			thumbs = r.ResizeAll(in)
		}()

		// Wait until every goroutine is blocked: every resize that could
		// start has started. Then let the resizes finish.
		synctest.Wait()
		close(release)
		<-done

		assert.LessOrEqual(t, g.peak.Load(), int32(3),
			"at most MaxInFlight photos may be resized at once")
		assert.Equal(t, int32(3), g.peak.Load(),
			"the resizer should still use all MaxInFlight slots, not resize one photo at a time")
		assert.Len(t, thumbs, len(in), "every photo gets a thumbnail")
		for i, th := range thumbs {
			assert.Equal(t, Thumbnail{Name: in[i].Name, Width: 400, Height: 300}, th,
				"thumbnail %d belongs to photo %d", i, i)
		}
	})
}

func TestResizeAllWithNoPhotos(t *testing.T) {
	r := &Resizer{MaxInFlight: 2, Resize: func(Photo) Thumbnail { panic("no photo to resize") }}
	assert.Empty(t, r.ResizeAll(nil), "no photos, no thumbnails")
}
