// Kata 48: pipeline shutdown.
//
// Preview is the "quick look" of a document search: it counts the words of
// the documents with a small pipeline (a generator, several counters working
// in parallel, a merger) and shows the first results that come out. This is
// the file to fix: make the tests in kata_test.go pass without changing them.
package pipelineshutdown

import (
	"strings"
	"sync"
)

// Result is the word count of one document.
type Result struct {
	Doc   string
	Words int
}

// Preview returns the first k results that the pipeline produces (in no
// particular order), counting with the given number of parallel counters.
// Every goroutine of the pipeline is gone soon after Preview returns.
func Preview(docs []string, counters, k int) []Result {
	in := generate(docs)
	outs := make([]<-chan Result, max(counters, 1))
	for i := range outs {
		outs[i] = count(in)
	}
	results := merge(outs...)

	got := make([]Result, 0, k)
	for len(got) < k {
		r, ok := <-results
		if !ok {
			break
		}
		got = append(got, r)
	}
	return got
}

// generate sends every document down the pipeline.
func generate(docs []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, d := range docs {
			out <- d
		}
	}()
	return out
}

// count counts the words of every document it receives.
func count(in <-chan string) <-chan Result {
	out := make(chan Result)
	go func() {
		defer close(out)
		for d := range in {
			out <- Result{Doc: d, Words: len(strings.Fields(d))}
		}
	}()
	return out
}

// merge forwards the results of every counter onto one channel.
func merge(cs ...<-chan Result) <-chan Result {
	out := make(chan Result)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Go(func() {
			for r := range c {
				out <- r
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
