package gameoflife

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// reference is a plain sequential Game of Life on a torus, used as the
// source of truth.
type reference struct {
	w, h  int
	alive map[[2]int]bool
}

func (r *reference) step() {
	next := map[[2]int]bool{}
	for y := range r.h {
		for x := range r.w {
			n := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if dx == 0 && dy == 0 {
						continue
					}
					if r.alive[[2]int{(x + dx + r.w) % r.w, (y + dy + r.h) % r.h}] {
						n++
					}
				}
			}
			if n == 3 || (n == 2 && r.alive[[2]int{x, y}]) {
				next[[2]int{x, y}] = true
			}
		}
	}
	r.alive = next
}

func (r *reference) String() string {
	var b strings.Builder
	for y := range r.h {
		for x := range r.w {
			if r.alive[[2]int{x, y}] {
				b.WriteByte('#')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func render(g *Grid) string {
	var b strings.Builder
	for y := range g.H {
		for x := range g.W {
			if g.Alive(x, y) {
				b.WriteByte('#')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// pattern builds the same board twice: as a Grid and as a reference.
func pattern(w, h int, cells [][2]int) (*Grid, *reference) {
	g := NewGrid(w, h)
	r := &reference{w: w, h: h, alive: map[[2]int]bool{}}
	for _, c := range cells {
		g.Set(c[0], c[1])
		r.alive[c] = true
	}
	return g, r
}

func TestGliderCrossesBands(t *testing.T) {
	// A glider moving down-right through the bands, over the torus edges.
	g, ref := pattern(12, 12, [][2]int{{1, 0}, {2, 1}, {0, 2}, {1, 2}, {2, 2}})
	for gen := 1; gen <= 16; gen++ {
		g.Run(1, 4)
		ref.step()
		if !assert.Equal(t, ref.String(), render(g), "generation %d of the glider should match the sequential reference", gen) {
			return
		}
	}
}

func TestBlinkerOnABandBoundary(t *testing.T) {
	// A vertical blinker straddling the boundary between the first two bands.
	g, ref := pattern(8, 8, [][2]int{{3, 1}, {3, 2}, {3, 3}})
	g.Run(5, 4)
	for range 5 {
		ref.step()
	}
	assert.Equal(t, ref.String(), render(g), "after 5 generations the blinker should match the sequential reference")

	g.Run(1, 4)
	ref.step()
	assert.Equal(t, ref.String(), render(g), "after 6 generations the blinker should be back to its start")
}

func TestAnyNumberOfBands(t *testing.T) {
	// A glider and a blinker on a board whose height (9) most band counts do
	// not divide; more bands than rows gives one row per band.
	cells := [][2]int{{1, 0}, {2, 1}, {0, 2}, {1, 2}, {2, 2}, {7, 5}, {7, 6}, {7, 7}}
	for _, bands := range []int{1, 2, 3, 4, 5, 7, 9, 12} {
		g, ref := pattern(10, 9, cells)
		g.Run(8, bands)
		for range 8 {
			ref.step()
		}
		assert.Equal(t, ref.String(), render(g), "with %d bands, 8 generations should match the sequential reference", bands)
	}
}
