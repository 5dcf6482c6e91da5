package waitgroupnegative

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

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
	synctest.Test(t, func(t *testing.T) {
		u := NewUploader(server)
		for i := range 5 {
			u.Submit(File{Name: fmt.Sprintf("beach-%d.jpg", i)})
		}
		closed := make(chan struct{})
		go func() {
			u.Close()
			close(closed)
		}()
		synctest.Wait() // every upload has finished, Close has nothing left to wait for
		select {
		case <-closed:
		default:
			require.Fail(t, "Close never returned although all five uploads succeeded: a successful upload must call Done too, exactly once")
		}

		assert.Equal(t, 5, u.Uploaded(), "every file was uploaded")
		_, open := <-u.Errors()
		assert.False(t, open, "Close closes the error channel, and there was no error")
	})
}

func TestFailedUploadIsReported(t *testing.T) {
	defer goleak.VerifyNone(t) // the upload goroutine has finished when the test ends
	synctest.Test(t, func(t *testing.T) {
		u := NewUploader(server)
		u.Submit(File{Name: "huge-panorama.jpg"})
		synctest.Wait() // the upload has failed and is handing over its error

		var err error
		select {
		case err = <-u.Errors():
		default:
			require.Fail(t, "the error of a failed upload was lost: nothing is waiting on Errors although the upload failed")
		}
		synctest.Wait() // the upload goroutine has finished
		closed := make(chan struct{})
		go func() {
			u.Close()
			close(closed)
		}()
		synctest.Wait()
		select {
		case <-closed:
		default:
			require.Fail(t, "Close never returned after the failed upload had reported its error: the WaitGroup counter is off")
		}

		require.Error(t, err, "the upload failed")
		assert.ErrorIs(t, err, errTooLarge, "the error says why")
		assert.Contains(t, err.Error(), "huge-panorama.jpg", "the error says which file")
		assert.Zero(t, u.Uploaded(), "nothing was uploaded")
	})
}

// The app may read Errors only after it has asked the uploader to Close (a
// retry dialog that opens once the batch is over). Close must still wait for
// every failed upload to hand over its error, and no error may be lost. The
// batch is far larger than any plausible buffer on the error channel.
func TestCloseWaitsForUnreadErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 100
		u := NewUploader(server)
		for i := range n {
			u.Submit(File{Name: fmt.Sprintf("huge-scan-%d.tiff", i)})
		}
		closed := make(chan struct{})
		go func() {
			u.Close()
			close(closed)
		}()
		synctest.Wait() // every upload has failed; nobody has read an error yet

		var failed []error
		for err := range u.Errors() {
			failed = append(failed, err)
		}
		<-closed
		assert.Len(t, failed, n, "the error of a failed upload was lost: it must wait on Errors until the app reads it, even when the app reads only after calling Close")
		assert.Zero(t, u.Uploaded(), "nothing was uploaded")
	})
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
