package errgroupnestedgo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const root = "/photos"

// folder is one folder of the fake drive.
type folder struct{ subdirs, files []string }

// archive is a fake photo archive: a tree depth levels deep under root, in
// which every folder has width subfolders (except those of the last level)
// and two photos.
func archive(depth, width int) map[string]folder {
	tree := map[string]folder{}
	var add func(dir string, level int)
	add = func(dir string, level int) {
		f := folder{files: []string{"IMG_0001.jpg", "IMG_0002.jpg"}}
		if level < depth {
			for i := range width {
				name := fmt.Sprintf("%d-%02d", level+1, i)
				f.subdirs = append(f.subdirs, name)
				add(path.Join(dir, name), level+1)
			}
		}
		tree[dir] = f
	}
	add(root, 0)
	return tree
}

// allFiles returns the path of every file of the tree.
func allFiles(tree map[string]folder) []string {
	var files []string
	for dir, f := range tree {
		for _, name := range f.files {
			files = append(files, path.Join(dir, name))
		}
	}
	return files
}

// drive is the fake network drive. With gated set, every listing waits
// until the test releases it (or until its context is cancelled), so the
// test sees exactly which listings are in flight.
type drive struct {
	tree  map[string]folder
	gated bool
	fail  string // the folder whose listing fails, if any

	now, most atomic.Int32 // listings in flight, and the most at once

	mu       sync.Mutex
	listed   map[string]int           // listings started, per folder
	inFlight []string                 // listings in flight, oldest first
	gates    map[string]chan struct{} // closed by the test to end a listing
	open     bool                     // every listing returns at once
}

var errUnreadable = errors.New("permission denied")

func newDrive(tree map[string]folder, gated bool) *drive {
	return &drive{tree: tree, gated: gated, listed: map[string]int{}, gates: map[string]chan struct{}{}}
}

func (d *drive) List(ctx context.Context, dir string) ([]string, []string, error) {
	n := d.now.Add(1)
	defer d.now.Add(-1)
	for m := d.most.Load(); n > m && !d.most.CompareAndSwap(m, n); m = d.most.Load() {
	}

	d.mu.Lock()
	d.listed[dir]++
	gate := make(chan struct{})
	if d.gated && !d.open {
		d.gates[dir] = gate
		d.inFlight = append(d.inFlight, dir)
	} else {
		close(gate)
	}
	d.mu.Unlock()

	defer func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.inFlight = slices.DeleteFunc(d.inFlight, func(s string) bool { return s == dir })
	}()
	select {
	case <-gate:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	if dir == d.fail {
		return nil, nil, errUnreadable
	}
	f, ok := d.tree[dir]
	if !ok {
		return nil, nil, fmt.Errorf("%s: no such folder", dir)
	}
	return slices.Clone(f.subdirs), slices.Clone(f.files), nil
}

// releaseOldest ends the oldest listing in flight; it reports false when
// no listing is in flight.
func (d *drive) releaseOldest() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.inFlight) == 0 {
		return false
	}
	dir := d.inFlight[0]
	d.inFlight = d.inFlight[1:]
	close(d.gates[dir])
	return true
}

// openAll ends every listing in flight and lets the later ones return at
// once.
func (d *drive) openAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open = true
	for _, dir := range d.inFlight {
		close(d.gates[dir])
	}
	d.inFlight = nil
}

func (d *drive) listings() map[string]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return maps.Clone(d.listed)
}

type result struct {
	files []string
	err   error
}

// index runs Index in the bubble. With a gated drive it releases the
// listings one at a time, oldest first, until Index returns.
func index(t *testing.T, d *drive, maxListings int) result {
	t.Helper()
	done := make(chan result, 1)
	go func() {
		files, err := Index(t.Context(), d, root, maxListings)
		done <- result{files, err}
	}()
	for {
		synctest.Wait()
		select {
		case r := <-done:
			synctest.Wait()
			d.mu.Lock()
			late := slices.Clone(d.inFlight)
			d.mu.Unlock()
			assert.Empty(t, late,
				"folders were still being listed after Index returned: a g.Go called from a goroutine the group does not wait for lets g.Wait return before the subfolders are added")
			d.openAll()
			synctest.Wait()
			return r
		default:
		}
		if !d.releaseOldest() {
			assert.Fail(t, "Index never returns",
				"with maxListings=%d no folder is being listed and Index has not returned: every task holds a slot of the group and waits in g.Go for a free one, which only the waiting tasks could free (a bigger limit only needs a bigger tree)", maxListings)
			<-done // stuck for good, as in production
		}
	}
}

// checkWalk checks that every folder was listed exactly once and every file
// found.
func checkWalk(t *testing.T, tree map[string]folder, d *drive, r result) {
	t.Helper()
	require.NoError(t, r.err, "no listing fails")
	listed := d.listings()
	missing, twice := 0, 0
	for dir := range tree {
		switch n := listed[dir]; {
		case n == 0:
			missing++
		case n > 1:
			twice++
		}
	}
	assert.Zero(t, missing, "%d of %d folders were never listed: every subfolder must be walked, even when the group is full", missing, len(tree))
	assert.Zero(t, twice, "%d folders were listed more than once: each folder must be listed exactly once", twice)
	found := map[string]int{}
	for _, f := range r.files {
		found[f]++
	}
	lost, extra := 0, 0
	for _, f := range allFiles(tree) {
		if found[f] == 0 {
			lost++
		}
		extra += max(found[f]-1, 0)
		delete(found, f)
	}
	assert.Zero(t, lost, "%d files of the archive are missing from Index's result", lost)
	assert.Zero(t, extra+len(found), "Index returns every file of the archive once, and nothing else")
}

// A tree deeper and wider than any plausible limit: with g.Go called from
// inside the tasks, every task ends up waiting for a slot.
func TestIndexesTheWholeArchive(t *testing.T) {
	for _, limit := range []int{1, 2, 5, 10} {
		t.Run(fmt.Sprintf("maxListings=%d", limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tree := archive(4, 4)
				d := newDrive(tree, false)
				checkWalk(t, tree, d, index(t, d, limit))
				assert.LessOrEqual(t, int(d.most.Load()), limit,
					"with maxListings=%d, %d folders were listed at once: the drive refuses more", limit, d.most.Load())
			})
		})
	}
}

// Every listing waits until the test ends it, so the count of listings in
// flight is exact.
func TestKeepsToTheLimitAndUsesIt(t *testing.T) {
	for _, tc := range []struct{ depth, width, limit int }{{3, 3, 1}, {3, 3, 2}, {2, 6, 3}, {2, 7, 5}} {
		t.Run(fmt.Sprintf("maxListings=%d", tc.limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tree := archive(tc.depth, tc.width)
				d := newDrive(tree, true)
				checkWalk(t, tree, d, index(t, d, tc.limit))
				most := int(d.most.Load())
				assert.LessOrEqual(t, most, tc.limit,
					"with maxListings=%d, %d folders were listed at once: the drive refuses more, whoever starts the listing", tc.limit, most)
				assert.Equal(t, tc.limit, most,
					"with maxListings=%d and folders waiting, only %d were listed at once: the walk must use every slot it has", tc.limit, most)
			})
		})
	}
}

func TestAnUnreadableFolderStopsTheWalk(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tree := archive(3, 4)
		d := newDrive(tree, false)
		d.fail = path.Join(root, "1-01", "2-02")
		r := index(t, d, 3)
		assert.ErrorIs(t, r.err, errUnreadable, "Index returns the error of the listing that failed")
		assert.Nil(t, r.files, "a failed walk returns no files")
	})
}
