package rcvsarc

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestReportClosesTheSnapshotExactlyOnce(t *testing.T) {
	rows := map[string]int{}
	var regions []string
	for i := range 8 {
		region := fmt.Sprintf("region-%d", i)
		regions = append(regions, region)
		rows[region] = 10 * i
	}

	for round := range 20 {
		var closes atomic.Int32
		snap := OpenSnapshot(rows, func() { closes.Add(1) })

		lines := Report(snap, regions)

		for i, region := range regions {
			assert.Equal(t, fmt.Sprintf("%s: %d orders", region, 10*i), lines[i],
				"round %d: each region should get its own line", round)
		}
		switch n := closes.Load(); {
		case n == 0:
			assert.Fail(t, "the snapshot was never closed",
				"round %d: after every worker released it, the snapshot is still open: a decrement was lost", round)
		case n > 1:
			assert.Fail(t, "the snapshot was closed twice",
				"round %d: closed %d times: more than one Release saw the count at zero", round, n)
		}
	}
}

func TestRetainReleaseSingleUser(t *testing.T) {
	closed := 0
	snap := OpenSnapshot(nil, func() { closed++ })
	snap.Retain().Release()
	assert.Zero(t, closed, "a snapshot still held by its owner must stay open")
	snap.Release()
	assert.Equal(t, 1, closed, "the last Release should close the snapshot")
}

// Retain is called by the report's goroutine while workers already release:
// both ends of the count are shared.
func TestRetainWhileAWorkerReleases(t *testing.T) {
	var closes atomic.Int32
	snap := OpenSnapshot(nil, func() { closes.Add(1) })

	worker := snap.Retain()
	var wg sync.WaitGroup
	wg.Go(worker.Release)
	second := snap.Retain() // at the same time as the worker's Release
	wg.Wait()

	second.Release()
	assert.Zero(t, closes.Load(), "a snapshot still held by its owner must stay open")
	snap.Release()
	assert.Equal(t, int32(1), closes.Load(), "the last Release should close the snapshot")
}

// Two users release the last two references of a snapshot at the same
// instant, for thousands of snapshots, on several threads: exactly one of the
// two Releases must see the count reach zero. A decrement followed by a
// separate read of the count (or a read followed by a separate write) loses
// this race within a few hundred snapshots. The test goes on until the two
// users have met on enough snapshots (on a busy machine they are not always
// running at the same time), or for at most a second.
func TestLastTwoReleasesAtTheSameTime(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 4 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	}
	const (
		batch      = 1000
		meetings   = 6000 // snapshots released by both users at once
		maxBatches = 40
	)
	met, released := 0, 0
	deadline := time.Now().Add(time.Second) // a cap for a very busy machine
	for range maxBatches {
		n, i, closes := releaseInStep(batch)
		met += n
		released += batch
		switch {
		case closes == 0:
			assert.Fail(t, "the snapshot was never closed",
				"snapshot %d of %d: two Releases dropped the last two references and neither saw zero: a decrement was lost, because reading the count and writing it back were two steps", released-batch+i, released)
			return
		case closes > 1:
			assert.Fail(t, "the snapshot was closed twice",
				"snapshot %d of %d: both Releases saw the count at zero: the decrement and the check for zero must be one atomic step (use the value Add returns)", released-batch+i, released)
			return
		}
		if met >= meetings || time.Now().After(deadline) {
			return
		}
	}
}

// releaseInStep opens n snapshots with two references each and lets two
// goroutines release them in step. It returns how many snapshots both
// goroutines released at the same time, and the first snapshot not closed
// exactly once with its number of closes (or n and 1).
func releaseInStep(n int) (met, first int, closes int32) {
	counts := make([]atomic.Int32, n)
	var users [2][]*Snapshot // users[0][i] and users[1][i] hold the two references of snapshot i
	for i := range n {
		snap := OpenSnapshot(nil, func() { counts[i].Add(1) })
		users[0] = append(users[0], snap)
		users[1] = append(users[1], snap.Retain())
	}

	// Each user waits (briefly) until the other has reached the same
	// snapshot, then releases its reference.
	var reached [2]atomic.Int64
	var together [2][]bool
	var wg sync.WaitGroup
	for u := range 2 {
		together[u] = make([]bool, n)
		wg.Go(func() {
			for i, ref := range users[u] {
				reached[u].Store(int64(i))
				spin := 0
				for ; reached[1-u].Load() < int64(i) && spin < 1000; spin++ {
				}
				together[u][i] = spin < 1000
				ref.Release()
			}
			reached[u].Store(int64(n))
		})
	}
	wg.Wait()

	for i := range n {
		if together[0][i] && together[1][i] {
			met++
		}
	}
	for i := range counts {
		if c := counts[i].Load(); c != 1 {
			return met, i, c
		}
	}
	return met, n, 1
}
