package pipelineshutdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// library returns n documents; document i has i+1 words.
func library(n int) (docs []string, words map[string]int) {
	words = make(map[string]int)
	for i := range n {
		d := fmt.Sprintf("doc%d %s", i, strings.Repeat("lorem ", i))
		docs = append(docs, d)
		words[d] = i + 1
	}
	return docs, words
}

func TestPreviewAll(t *testing.T) {
	defer goleak.VerifyNone(t)

	docs, words := library(10)
	got := Preview(docs, 3, 10)

	require.Len(t, got, 10, "asking for as many results as there are documents returns them all")
	seen := make(map[string]bool)
	for _, r := range got {
		assert.Equal(t, words[r.Doc], r.Words, "the word count of %q", r.Doc)
		seen[r.Doc] = true
	}
	assert.Len(t, seen, 10, "every document appears once")
}

func TestPreviewStopsEarly(t *testing.T) {
	defer goleak.VerifyNone(t)

	docs, words := library(200)
	got := Preview(docs, 4, 3)

	require.Len(t, got, 3, "the preview shows the first 3 results")
	for _, r := range got {
		want, ok := words[r.Doc]
		require.True(t, ok, "result for an unknown document %q", r.Doc)
		assert.Equal(t, want, r.Words, "the word count of %q", r.Doc)
	}
	// The deferred goleak check fails if a stage of the pipeline is still
	// blocked now that nobody reads its results.
}
