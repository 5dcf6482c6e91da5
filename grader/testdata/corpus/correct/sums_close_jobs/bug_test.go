package sumsclosejobs

import (
	"hash/crc32"
	"testing"
	"testing/synctest"
)

func TestSums(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		chunks := []Chunk{{0, []byte("layer-a")}, {1, []byte("layer-b")}, {2, []byte("layer-c")}}
		got := Sums(chunks, 3)
		for _, c := range chunks {
			if got[c.Index] != crc32.ChecksumIEEE(c.Data) {
				t.Errorf("chunk %d: wrong checksum", c.Index)
			}
		}
		synctest.Wait() // the workers have seen the closed channel and exited
	})
}
