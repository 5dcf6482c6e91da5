package workerpanic

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errUnsupported = errors.New("unsupported format")

// codec is a fake image codec with a bug: it trusts the header of a picture
// and reads past the end of a truncated one, which panics with "index out of
// range", as real decoders written in a hurry do.
func codec(u Upload) (Thumb, error) {
	if len(u.Data) < 4 || string(u.Data[:4]) != "JPEG" {
		return Thumb{}, fmt.Errorf("%s: %w", u.Name, errUnsupported)
	}
	size := int(u.Data[4]) // the header says how many bytes follow
	last := u.Data[4+size] // a truncated picture has fewer: this panics
	return Thumb{Name: "thumb-" + u.Name, Width: 16 * size, Height: 9 * int(last)}, nil
}

func picture(name string, size byte) Upload {
	data := append([]byte("JPEG"), size)
	for i := range size {
		data = append(data, 1+i)
	}
	return Upload{Name: name, Data: data}
}

// truncated is a picture whose header promises more bytes than it has.
func truncated(name string) Upload {
	return Upload{Name: name, Data: []byte("JPEG\x0a\x01\x02")}
}

func want(u Upload) Result {
	th, err := codec(u)
	if err != nil {
		panic("want: " + err.Error())
	}
	return Result{Upload: u.Name, Thumb: th}
}

// checkPanicked checks the Result of a truncated upload: it must say that the
// codec panicked, and with what.
func checkPanicked(t *testing.T, r Result, name string) {
	t.Helper()
	assert.Equal(t, name, r.Upload, "the Result of %s names it", name)
	assert.Zero(t, r.Thumb, "a truncated picture has no thumbnail")
	if !assert.Error(t, r.Err, "the truncated upload %s must get an error in its Result: a recovered panic that is dropped looks like a success", name) {
		return
	}
	assert.ErrorIs(t, r.Err, ErrPanicked, "the error of %s must wrap ErrPanicked, so callers can tell a crash of the codec from an ordinary failure", name)
	assert.ErrorContains(t, r.Err, "index out of range", "the error of %s must say what the codec panicked with", name)
}

func TestProcessRendersEveryUpload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var uploads []Upload
		for i := range 12 {
			uploads = append(uploads, picture(fmt.Sprintf("img%02d.jpg", i), byte(1+i)))
		}
		uploads = append(uploads, Upload{Name: "notes.txt", Data: []byte("hello")})

		results := Process(uploads, 3, codec)
		require.Len(t, results, len(uploads), "one Result per upload")
		for i, u := range uploads[:12] {
			assert.Equal(t, want(u), results[i], "the Result of %s is its thumbnail", u.Name)
		}
		assert.ErrorIs(t, results[12].Err, errUnsupported, "an error of the codec is kept as it is in the upload's Result")
		assert.NotErrorIs(t, results[12].Err, ErrPanicked, "an ordinary error of the codec is not a panic")
		assert.Equal(t, []string{"notes.txt"}, Failed(results), "only the text file got no thumbnail")
	})
}

// One truncated picture in a batch must fail that upload only, not take the
// whole service down with it.
func TestATruncatedPictureFailsOnlyItsUpload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		uploads := []Upload{
			picture("beach.jpg", 5), picture("dog.jpg", 7), truncated("cut.jpg"),
			picture("cake.jpg", 3), picture("hills.jpg", 9), picture("kids.jpg", 4),
		}
		results := Process(uploads, 2, codec)
		require.Len(t, results, len(uploads), "one Result per upload")
		for i, u := range uploads {
			if u.Name == "cut.jpg" {
				checkPanicked(t, results[i], u.Name)
				continue
			}
			assert.Equal(t, want(u), results[i], "%s renders although another upload crashed the codec", u.Name)
		}
		assert.Equal(t, []string{"cut.jpg"}, Failed(results), "only the truncated picture got no thumbnail")
	})
}

// With a single worker, every upload after a crash must still be rendered by
// that worker: a panic ends the rendering of one upload, not the worker.
func TestAWorkerGoesOnAfterAPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		uploads := []Upload{
			truncated("cut1.jpg"), picture("a.jpg", 2), truncated("cut2.jpg"),
			picture("b.jpg", 6), picture("c.jpg", 8),
		}
		results := Process(uploads, 1, codec)
		require.Len(t, results, len(uploads), "one Result per upload")
		for i, u := range uploads {
			if u.Name == "cut1.jpg" || u.Name == "cut2.jpg" {
				checkPanicked(t, results[i], u.Name)
				continue
			}
			assert.Equal(t, want(u), results[i],
				"after a panic the worker must go on with the next upload: %s was never rendered (recover around each call of the codec, not around the worker's whole loop)", u.Name)
		}
	})
}

// The workers render at the same time: a slow picture must not hold up the
// whole batch.
func TestUploadsRenderInParallel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers = 3
		var started atomic.Int32
		release := make(chan struct{})
		slow := func(u Upload) (Thumb, error) {
			started.Add(1)
			<-release
			return codec(u)
		}
		uploads := []Upload{truncated("cut.jpg")}
		for i := range 8 {
			uploads = append(uploads, picture(fmt.Sprintf("p%d.jpg", i), byte(2+i)))
		}
		done := make(chan []Result)
		go func() { done <- Process(uploads, workers, slow) }()
		synctest.Wait()
		assert.Equal(t, int32(workers), started.Load(),
			"Process must render with %d workers at the same time, not one upload at a time", workers)
		close(release)
		results := <-done
		require.Len(t, results, len(uploads), "one Result per upload")
		checkPanicked(t, results[0], "cut.jpg")
		for i, u := range uploads[1:] {
			assert.Equal(t, want(u), results[i+1], "the Result of %s is its thumbnail", u.Name)
		}
	})
}
