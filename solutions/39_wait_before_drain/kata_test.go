package waitbeforedrain

import (
	"fmt"
	"hash/crc32"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// backup returns n small files with different contents.
func backup(n int) map[string][]byte {
	files := make(map[string][]byte, n)
	for i := range n {
		files[fmt.Sprintf("photo-%03d.jpg", i)] = fmt.Appendf(nil, "pixels of photo %d", i)
	}
	return files
}

func checkSums(t *testing.T, files map[string][]byte, got map[string]uint32) {
	t.Helper()
	if !assert.Equal(t, len(files), len(got), "one checksum per file: a result was lost") {
		return
	}
	for name, data := range files {
		if !assert.Equal(t, crc32.ChecksumIEEE(data), got[name], "checksum of %s", name) {
			return
		}
	}
}

func TestNoFiles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		assert.Empty(t, Checksums(nil), "no files, no checksums")
	})
}

func TestSmallBackup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := backup(3)
		checkSums(t, files, Checksums(files))
	})
}

func TestFullPhotoLibrary(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := backup(50)
		checkSums(t, files, Checksums(files))
	})
}

// TestHugeBackup has far more files than any buffer picked by hand.
// Checksums must return once every file is checked.
func TestHugeBackup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := backup(3000)
		res := make(chan map[string]uint32, 1)
		go func() { res <- Checksums(files) }()
		synctest.Wait()
		select {
		case got := <-res:
			checkSums(t, files, got)
		default:
			assert.Fail(t, "Checksums never returns",
				"with %d files, the workers wait for a reader and the reader waits for the workers: a bigger buffer only moves the limit", len(files))
			<-res // stuck, as in production
		}
	})
}
