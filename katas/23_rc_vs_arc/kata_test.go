package rcvsarc

import (
	"fmt"
	"sync/atomic"
	"testing"

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
		assert.Equal(t, int32(1), closes.Load(),
			"round %d: the snapshot should be closed exactly once, after the last worker released it", round)
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
