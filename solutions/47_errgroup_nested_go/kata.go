// Kata 47: errgroup nested Go.
//
// Index walks a photo archive on a network drive, folder by folder, and
// returns the path of every file in it. This is the file to fix: make the
// tests in kata_test.go pass without changing them.
package errgroupnestedgo

import (
	"context"
	"fmt"
	"path"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Drive is the network drive. List returns the names of the subfolders and
// of the files of one folder.
type Drive interface {
	List(ctx context.Context, dir string) (subdirs, files []string, err error)
}

// indexer is one walk of the drive.
type indexer struct {
	ctx   context.Context
	drive Drive
	g     *errgroup.Group

	mu    sync.Mutex
	files []string
}

// Index lists every folder under root, root included, once, with at most
// maxListings listings in flight at once: the drive refuses a client that
// opens more. It returns the paths of all the files, in no particular
// order, or the first error, after which it lists no more folders.
func Index(ctx context.Context, drive Drive, root string, maxListings int) ([]string, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(maxListings, 1))
	ix := &indexer{ctx: gctx, drive: drive, g: g}

	g.Go(func() error { return ix.visit(root) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return ix.files, nil
}

// visit lists one folder, keeps its files and walks its subfolders, each
// in a task of its own while the group has room, in this task otherwise.
func (ix *indexer) visit(dir string) error {
	subdirs, files, err := ix.drive.List(ix.ctx, dir)
	if err != nil {
		return fmt.Errorf("list %s: %w", dir, err)
	}

	ix.mu.Lock()
	for _, name := range files {
		ix.files = append(ix.files, path.Join(dir, name))
	}
	ix.mu.Unlock()

	for _, name := range subdirs {
		sub := path.Join(dir, name)
		// Go would wait for a free slot, and this task holds one: when the
		// group is full, walk the subfolder here, in this task's slot.
		if !ix.g.TryGo(func() error { return ix.visit(sub) }) {
			if err := ix.visit(sub); err != nil {
				return err
			}
		}
	}
	return nil
}
