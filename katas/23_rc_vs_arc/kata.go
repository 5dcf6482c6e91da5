// Kata 23 "rc_vs_arc": this is the file to fix.
//
// A report generator opens one shared read-only database snapshot and lets
// several workers query it at the same time. The snapshot is reference
// counted: every user Retains it and Releases it when done, and the last
// Release closes it.
package rcvsarc

import (
	"fmt"
	"sync"
)

// Snapshot is a reference-counted, read-only view of the database.
type Snapshot struct {
	refs    int
	rows    map[string]int
	onClose func()
}

// OpenSnapshot returns a snapshot holding one reference, owned by the
// caller. onClose runs when the snapshot is closed.
func OpenSnapshot(rows map[string]int, onClose func()) *Snapshot {
	return &Snapshot{refs: 1, rows: rows, onClose: onClose}
}

// Retain adds a reference for a new user and returns the snapshot.
func (s *Snapshot) Retain() *Snapshot {
	s.refs++
	return s
}

// Release drops one reference; the last one closes the snapshot.
func (s *Snapshot) Release() {
	s.refs--
	if s.refs == 0 {
		s.onClose()
	}
}

// Lookup reads one row.
func (s *Snapshot) Lookup(key string) int { return s.rows[key] }

// Report runs one worker per region against the same snapshot and returns
// one line per region. It releases the caller's reference when done; the
// snapshot is closed as soon as the last worker is finished with it.
func Report(snap *Snapshot, regions []string) []string {
	lines := make([]string, len(regions))
	var wg sync.WaitGroup
	for i, region := range regions {
		ref := snap.Retain()
		wg.Go(func() {
			defer ref.Release()
			lines[i] = fmt.Sprintf("%s: %d orders", region, ref.Lookup(region))
		})
	}
	snap.Release()
	wg.Wait()
	return lines
}
