// Package wgcopied scans shards of a table with one goroutine per shard.
package wgcopied

import (
	"sync"
	"sync/atomic"
)

func scanShard(wg sync.WaitGroup, rows []int, total *atomic.Int64) {
	defer wg.Done()
	var sum int64
	for _, r := range rows {
		sum += int64(r)
	}
	total.Add(sum)
}

// Sum adds up every row of every shard.
func Sum(shards [][]int) int64 {
	var wg sync.WaitGroup
	var total atomic.Int64
	for _, s := range shards {
		wg.Add(1)
		go scanShard(wg, s, &total)
	}
	wg.Wait()
	return total.Load()
}
