// Kata 39: waiting before draining.
//
// A backup tool checks the files it is about to upload: it computes a
// CRC-32 checksum for every file, one goroutine per file, and collects the
// results in a map. It worked fine on the developer's laptop, with a
// handful of files. This is the file to fix: make the tests in kata_test.go
// pass without changing them.
package waitbeforedrain

import (
	"hash/crc32"
	"sync"
)

type checksum struct {
	name string
	sum  uint32
}

// resultBuffer leaves room for the results of a typical small backup.
const resultBuffer = 8

// Checksums returns the CRC-32 (IEEE) checksum of every file, by name.
func Checksums(files map[string][]byte) map[string]uint32 {
	results := make(chan checksum, resultBuffer)

	var wg sync.WaitGroup
	for name, data := range files {
		wg.Go(func() {
			results <- checksum{name: name, sum: crc32.ChecksumIEEE(data)}
		})
	}
	// Wait in the background and close the channel once every worker is
	// done. Waiting here, before draining, would block forever as soon as
	// there are more files than buffer slots: the workers wait for a
	// reader, and the reader waits for the workers.
	go func() {
		wg.Wait()
		close(results)
	}()

	sums := make(map[string]uint32, len(files))
	for r := range results {
		sums[r.name] = r.sum
	}
	return sums
}
