// Kata 45: t.Fatal in a goroutine.
//
// CheckAll comes from a small test-helper library that a team shares across
// its test suites: it runs a check on many inputs in parallel. This is the
// file to fix: make the tests in kata_test.go pass without changing them.
package tfatalgoroutine

import (
	"sync"
	"testing"
)

// CheckAll runs check on every input, all inputs in parallel, and fails the
// test for every input whose check returns an error. It returns once every
// check has finished.
func CheckAll(t testing.TB, inputs []string, check func(string) error) {
	t.Helper()
	var wg sync.WaitGroup
	wg.Add(len(inputs))
	for _, in := range inputs {
		go func() {
			if err := check(in); err != nil {
				t.Fatalf("check(%q): %v", in, err)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}
