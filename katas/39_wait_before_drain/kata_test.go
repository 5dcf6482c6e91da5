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
	assert.Len(t, got, len(files), "one checksum per file")
	for name, data := range files {
		assert.Equal(t, crc32.ChecksumIEEE(data), got[name], "checksum of %s", name)
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
