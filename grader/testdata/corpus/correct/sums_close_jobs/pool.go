// Package sumsclosejobs is the fixed worker pool: the producer closes jobs after the last send.
package sumsclosejobs

import "hash/crc32"

// Chunk is a piece of a blob.
type Chunk struct {
	Index int
	Data  []byte
}

// Sums computes the checksum of every chunk with n workers.
func Sums(chunks []Chunk, n int) map[int]uint32 {
	jobs := make(chan Chunk)
	type sum struct {
		index int
		crc   uint32
	}
	results := make(chan sum, len(chunks))
	for range n {
		go func() {
			for c := range jobs {
				results <- sum{c.Index, crc32.ChecksumIEEE(c.Data)}
			}
		}()
	}
	for _, c := range chunks {
		jobs <- c
	}
	close(jobs)
	out := make(map[int]uint32, len(chunks))
	for range chunks {
		s := <-results
		out[s.index] = s.crc
	}
	return out
}
