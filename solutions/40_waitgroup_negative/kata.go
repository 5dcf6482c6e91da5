// Kata 40: a WaitGroup that goes below zero.
//
// A photo app uploads pictures in the background, one goroutine per file.
// Failed uploads are reported on a channel so that the app can offer a
// retry; Close waits for the uploads in flight before the app quits. This
// is the file to fix: make the tests in kata_test.go pass without changing
// them.
package waitgroupnegative

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// File is a picture to upload.
type File struct {
	Name string
	Data []byte
}

// Uploader uploads files in the background.
type Uploader struct {
	send     func(File) error
	wg       sync.WaitGroup
	uploaded atomic.Int64
	errs     chan error
}

// NewUploader returns an uploader that sends each file with send.
func NewUploader(send func(File) error) *Uploader {
	return &Uploader{send: send, errs: make(chan error)}
}

// Submit starts uploading f in the background. If the upload fails, the
// error is reported on Errors, which the caller must read.
func (u *Uploader) Submit(f File) {
	// wg.Go pairs the Add with exactly one Done, when the function returns,
	// whichever way it returns. A second Done on the error path would take
	// the counter below zero.
	u.wg.Go(func() {
		if err := u.send(f); err != nil {
			u.errs <- fmt.Errorf("upload %s: %w", f.Name, err)
			return
		}
		u.uploaded.Add(1)
	})
}

// Errors reports failed uploads. It is closed by Close.
func (u *Uploader) Errors() <-chan error { return u.errs }

// Uploaded returns the number of files uploaded successfully.
func (u *Uploader) Uploaded() int { return int(u.uploaded.Load()) }

// Close waits until every submitted upload has finished, then closes
// Errors. Submit must not be called after Close.
func (u *Uploader) Close() {
	u.wg.Wait()
	close(u.errs)
}
