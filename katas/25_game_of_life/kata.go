// Kata 25 "game_of_life": this is the file to fix.
//
// A cellular-automaton demo steps Conway's Game of Life on a torus the way
// a GPU compute shader would: the grid is cut into horizontal bands of rows
// and each band is computed by its own goroutine (one "workgroup" per
// band).
package gameoflife

import "sync"

// Grid is a Game of Life board whose edges wrap around.
type Grid struct {
	W, H  int
	cells []bool
}

// NewGrid returns an empty w x h board.
func NewGrid(w, h int) *Grid {
	return &Grid{W: w, H: h, cells: make([]bool, w*h)}
}

// Set makes the cell at (x, y) alive.
func (g *Grid) Set(x, y int) { g.cells[g.index(x, y)] = true }

// Alive reports whether the cell at (x, y) is alive.
func (g *Grid) Alive(x, y int) bool { return g.cells[g.index(x, y)] }

func (g *Grid) index(x, y int) int {
	x = (x%g.W + g.W) % g.W
	y = (y%g.H + g.H) % g.H
	return y*g.W + x
}

// next computes the state of the cell at (x, y) in the next generation
// from the cells in src.
func (g *Grid) next(src []bool, x, y int) bool {
	n := 0
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if (dx != 0 || dy != 0) && src[g.index(x+dx, y+dy)] {
				n++
			}
		}
	}
	return n == 3 || (n == 2 && src[g.index(x, y)])
}

// Run advances the board by gens generations using one goroutine per band
// of rows.
func (g *Grid) Run(gens, bands int) {
	rowsPerBand := (g.H + bands - 1) / bands
	for range gens {
		var wg sync.WaitGroup
		for top := 0; top < g.H; top += rowsPerBand {
			bottom := min(top+rowsPerBand, g.H)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for y := top; y < bottom; y++ {
					for x := range g.W {
						g.cells[g.index(x, y)] = g.next(g.cells, x, y)
					}
				}
			}()
		}
		wg.Wait()
	}
}
