package pipelineshutdown

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// library returns n different documents; document i has i%50+1 words.
func library(n int) (docs []string, words map[string]int) {
	var lorem [50]string
	for j := range lorem {
		lorem[j] = strings.Repeat(" lorem", j)
	}
	docs = make([]string, n)
	words = make(map[string]int, n)
	for i := range docs {
		docs[i] = "doc" + strconv.Itoa(i) + lorem[i%50]
		words[docs[i]] = i%50 + 1
	}
	return docs, words
}

// pipelineGoroutines returns the stacks of the goroutines still running code
// of this package (kata.go) outside the test's own functions. Called after
// synctest.Wait, when every goroutine of the bubble is blocked or gone.
func pipelineGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var left []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "48_pipeline_shutdown.") && !strings.Contains(g, "_test.go") {
			left = append(left, g)
		}
	}
	return left
}

// preview runs Preview in a synctest bubble, lets every goroutine that can
// still run do so, and checks that no stage of the pipeline is left.
func preview(t *testing.T, docs []string, counters, k int) []Result {
	var got []Result
	synctest.Test(t, func(t *testing.T) {
		got = Preview(docs, counters, k)
		synctest.Wait()
		assert.Empty(t, pipelineGoroutines(),
			"a stage of the pipeline is still blocked after Preview returned: every stage (generator, counters, merger) must learn that the consumer has left, even in the middle of a send")
	})
	return got
}

func TestPreviewAll(t *testing.T) {
	docs, words := library(10)
	got := preview(t, docs, 3, 10)

	require.Len(t, got, 10, "asking for as many results as there are documents returns them all")
	seen := make(map[string]bool)
	for _, r := range got {
		assert.Equal(t, words[r.Doc], r.Words, "the word count of %q", r.Doc)
		seen[r.Doc] = true
	}
	assert.Len(t, seen, 10, "every document appears once")
}

func TestPreviewMoreThanThereIs(t *testing.T) {
	docs, words := library(5)
	got := preview(t, docs, 2, 20)

	require.Len(t, got, 5, "asking for more results than there are documents returns every document")
	for _, r := range got {
		assert.Equal(t, words[r.Doc], r.Words, "the word count of %q", r.Doc)
	}
}

func TestPreviewStopsEarly(t *testing.T) {
	// Far more documents than any buffer of the pipeline plausibly holds:
	// a buffer only moves the point where a stage blocks.
	docs, words := library(20000)
	for _, counters := range []int{1, 4} {
		t.Run(fmt.Sprintf("counters=%d", counters), func(t *testing.T) {
			got := preview(t, docs, counters, 3)

			require.Len(t, got, 3, "the preview shows the first 3 results")
			seen := make(map[string]bool)
			for _, r := range got {
				want, ok := words[r.Doc]
				require.True(t, ok, "result for an unknown document %q", r.Doc)
				assert.Equal(t, want, r.Words, "the word count of %q", r.Doc)
				seen[r.Doc] = true
			}
			assert.Len(t, seen, 3, "every result is a different document")
		})
	}
}
