package grade

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/explore"
	"gokatas/grader/internal/verdict"
)

// tellingPackage writes a module whose test fails saying whether its run was perturbed, and,
// when onlyOne is set, only in perturbed runs on one thread.
func tellingPackage(t *testing.T, onlyOne bool) string {
	dir := t.TempDir()
	code := `package telling

import "sync"

// Count adds n in a goroutine: a concurrency operation, so the file gets scheduling points.
func Count(n int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	wg.Go(func() { mu.Lock(); total += n; mu.Unlock() })
	wg.Wait()
	return total
}
`
	cond := `true`
	if onlyOne {
		cond = `os.Getenv("GRADER_EXPLORE") != "" && runtime.GOMAXPROCS(0) == 1`
	}
	test := `package telling

import (
	"os"
	"runtime"
	"testing"
)

func TestTelling(t *testing.T) {
	if Count(2) != 2 {
		t.Fatal("wrong count")
	}
	_ = runtime.GOMAXPROCS
	if !(` + cond + `) {
		return
	}
	if os.Getenv("GRADER_EXPLORE") != "" {
		t.Fatal("failed in a perturbed run")
	}
	t.Fatal("failed in a plain run")
}
`
	for name, src := range map[string]string{"go.mod": "module telling\n\ngo 1.26\n", "telling.go": code, "telling_test.go": test} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	return dir
}

func summaries(o Outcome) string {
	var b strings.Builder
	for _, f := range o.Report.Findings {
		b.WriteString(f.Summary + "\n")
	}
	return b.String()
}

func TestAPlainFailureIsShownBeforeAPerturbedOne(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary")
	}
	dir := tellingPackage(t, false)
	outs, err := Run(context.Background(), []Target{{Dir: dir}}, Options{Race: true, Runs: 1, Explore: 3, AllRuns: true, Timeout: 10 * time.Second})
	require.NoError(t, err)
	o := outs[0]
	require.Len(t, o.Verdicts, 4)
	require.Len(t, o.Schedules, 4, "one schedule per run")
	perturbed := 0
	for _, s := range o.Schedules {
		if s.Procs > 0 {
			perturbed++
		}
	}
	assert.Equal(t, 3, perturbed)
	assert.Equal(t, 3, o.Report.PerturbedRuns)
	assert.Equal(t, 4, o.Report.FailedRuns)
	assert.Nil(t, o.Report.Schedule, "the report shows the plain run's failure, whatever finished first")
	assert.Contains(t, summaries(o), "failed in a plain run")
}

func TestAPerturbedFailureCarriesItsSchedule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary")
	}
	dir := tellingPackage(t, true)
	// Seeds whose schedule runs on one thread, so that the failure shows.
	var seeds []uint64
	for s := uint64(0); len(seeds) < 2; s++ {
		if explore.For(s).Procs == 1 {
			seeds = append(seeds, s)
		}
	}
	outs, err := Run(context.Background(), []Target{{Dir: dir}}, Options{Race: true, Runs: 2, Explore: 4, Seeds: seeds, AllRuns: true, Timeout: 10 * time.Second})
	require.NoError(t, err)
	o := outs[0]
	assert.Equal(t, verdict.Fail, o.Report.Verdict)
	assert.Equal(t, 4, o.Report.FailedRuns, "the plain runs pass; every perturbed run on one thread fails")
	require.NotNil(t, o.Report.Schedule, "the failure came from a perturbed run: the report says which")
	assert.Contains(t, seeds, o.Report.Schedule.Seed)
	assert.Equal(t, 1, o.Report.Schedule.GOMAXPROCS)
	assert.Contains(t, summaries(o), "failed in a perturbed run")
	for i, s := range o.Schedules {
		if s.Procs == 0 {
			assert.Equal(t, verdict.Pass, o.Verdicts[i], "a plain run passes")
		} else {
			assert.Contains(t, seeds, s.Seed, "a replay uses only the seeds it is given")
		}
	}
}

func TestABudgetStopsAtTheFirstFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary")
	}
	dir := tellingPackage(t, true)
	// A third of the seeds run on one thread: the search finds one long before the budget.
	outs, err := Run(context.Background(), []Target{{Dir: dir}}, Options{Race: true, Runs: 1, Budget: 10 * time.Minute, Parallel: 2, Timeout: 10 * time.Second})
	require.NoError(t, err)
	o := outs[0]
	assert.Equal(t, verdict.Fail, o.Report.Verdict)
	require.NotNil(t, o.Report.Schedule)
	assert.Equal(t, 1, o.Report.Schedule.GOMAXPROCS)
	assert.Less(t, o.Report.Runs, 60, "the search stops once a run has failed (about 3 runs expected)")
}

func TestPerturbedRunsStartOnlyAfterThePlainOnesPass(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs test binaries")
	}
	failing := tellingPackage(t, false) // fails every run
	passing := tellingPackage(t, true)  // fails only perturbed on one thread
	var seeds []uint64
	for s := uint64(0); len(seeds) < 4; s++ {
		if explore.For(s).Procs > 1 {
			seeds = append(seeds, s)
		}
	}
	outs, err := Run(context.Background(), []Target{{Dir: failing}, {Dir: passing}}, Options{Race: true, Runs: 1, Explore: 4, Seeds: seeds, Timeout: 10 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, 1, outs[0].Report.Runs, "a package whose plain run failed gets no perturbed run: its verdict is known")
	assert.Zero(t, outs[0].Report.PerturbedRuns)
	assert.Equal(t, verdict.Fail, outs[0].Report.Verdict)
	assert.Equal(t, 5, outs[1].Report.Runs, "a package whose plain run passed gets its perturbed runs")
	assert.Equal(t, 4, outs[1].Report.PerturbedRuns)
	assert.Equal(t, verdict.Pass, outs[1].Report.Verdict)
}
