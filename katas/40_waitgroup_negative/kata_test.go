package waitgroupnegative

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errTooLarge = errors.New("file too large")

// server accepts every file except those whose name starts with "huge".
func server(f File) error {
	if strings.HasPrefix(f.Name, "huge") {
		return errTooLarge
	}
	return nil
}

func TestAllUploadsSucceed(t *testing.T) {
	u := NewUploader(server)
	for i := range 5 {
		u.Submit(File{Name: fmt.Sprintf("beach-%d.jpg", i)})
	}
	u.Close()

	assert.Equal(t, 5, u.Uploaded(), "every file was uploaded")
	_, open := <-u.Errors()
	assert.False(t, open, "Close closes the error channel, and there was no error")
}

func TestFailedUploadIsReported(t *testing.T) {
	defer goleak.VerifyNone(t) // the upload goroutine has finished when the test ends
	u := NewUploader(server)
	u.Submit(File{Name: "huge-panorama.jpg"})

	err := <-u.Errors()
	u.Close()

	require.Error(t, err, "the upload failed")
	assert.ErrorIs(t, err, errTooLarge, "the error says why")
	assert.Contains(t, err.Error(), "huge-panorama.jpg", "the error says which file")
	assert.Zero(t, u.Uploaded(), "nothing was uploaded")
}

func TestMixedBatch(t *testing.T) {
	u := NewUploader(server)

	var collector sync.WaitGroup
	var failed []error
	collector.Go(func() {
		for err := range u.Errors() {
			failed = append(failed, err)
		}
	})

	for i := range 10 {
		name := fmt.Sprintf("beach-%d.jpg", i)
		if i%3 == 0 {
			name = "huge-" + name
		}
		u.Submit(File{Name: name})
	}
	u.Close()
	collector.Wait()

	assert.Len(t, failed, 4, "files 0, 3, 6 and 9 are too large")
	assert.Equal(t, 6, u.Uploaded(), "the other six files were uploaded")
}
