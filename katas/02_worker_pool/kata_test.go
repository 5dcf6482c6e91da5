package workerpool

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func uploads(n int) []Job {
	jobs := make([]Job, n)
	for i := range jobs {
		jobs[i] = Job{ID: i + 1, Path: fmt.Sprintf("photo%03d.jpg", i+1)}
	}
	return jobs
}

// slowBatch is a batch whose last photo is huge: scaling it takes the worker that gets it a
// long (real) time, so a Render that does not wait for its workers is still being worked for
// when it closes results. These tests come first: a worker that then sends on the closed
// channel crashes the whole test binary.
func slowBatch() []Job {
	jobs := uploads(5)
	jobs[len(jobs)-1].Path = strings.Repeat("p", 2<<20) + ".jpg"
	return jobs
}

func checkSlowBatch(t *testing.T, workers int) {
	synctest.Test(t, func(t *testing.T) {
		jobs := slowBatch()
		start := time.Now()

		thumbs := Render(jobs, workers)

		assert.Zero(t, time.Since(start),
			"Render must wait for its workers, not for a clock: a sleep only guesses how long the slowest photo takes")
		require.Len(t, thumbs, len(jobs),
			"Render must return one thumbnail per job, the slow one too: it may close results only after every worker has returned")
		for i, th := range thumbs {
			assert.Equal(t, jobs[i].ID, th.JobID, "thumbnails must be sorted by job ID")
			assert.True(t, th.Path == "thumbs/128_"+jobs[i].Path, "thumbnail path of job %d", jobs[i].ID)
		}
	})
}

func TestRenderWaitsForASlowPhotoOneWorker(t *testing.T) { checkSlowBatch(t, 1) }

// With two workers, one finds the queue closed while the other is still scaling the huge photo:
// results must not be closed before that one has sent its thumbnail.
func TestRenderWaitsForASlowPhotoTwoWorkers(t *testing.T) { checkSlowBatch(t, 2) }

func TestRenderReturnsOneThumbnailPerJob(t *testing.T) {
	// Inside the bubble a pool that can never finish is reported at once as a deadlock.
	synctest.Test(t, func(t *testing.T) {
		jobs := uploads(20)
		start := time.Now()

		thumbs := Render(jobs, 4)

		// Scaling a photo takes no fake time here, so a Render that waits for its workers
		// returns at the very instant it started. Only a sleep makes the bubble's clock move.
		assert.Zero(t, time.Since(start),
			"Render must wait for its workers, not for a clock: a sleep only guesses how long the slowest photo takes")

		require.Len(t, thumbs, len(jobs), "Render must return one thumbnail per job")
		for i, th := range thumbs {
			assert.Equal(t, jobs[i].ID, th.JobID, "thumbnails must be sorted by job ID")
			assert.Equal(t, "thumbs/128_"+jobs[i].Path, th.Path, "thumbnail path of job %d", jobs[i].ID)
			assert.Equal(t, 128, th.Size, "thumbnail size of job %d", jobs[i].ID)
		}
	})
}

func TestRenderWithMoreWorkersThanJobs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		jobs := uploads(3)

		thumbs := Render(jobs, 8)

		assert.Len(t, thumbs, len(jobs), "idle workers must not keep Render from returning")
	})
}

func TestRenderWithNoJobs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		assert.Empty(t, Render(nil, 4), "no jobs, no thumbnails")
	})
}
