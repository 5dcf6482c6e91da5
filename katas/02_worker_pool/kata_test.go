package workerpool

import (
	"fmt"
	"testing"
	"testing/synctest"

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

func TestRenderReturnsOneThumbnailPerJob(t *testing.T) {
	// Inside the bubble a pool that can never finish is reported at once as a deadlock.
	synctest.Test(t, func(t *testing.T) {
		jobs := uploads(20)

		thumbs := Render(jobs, 4)

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
