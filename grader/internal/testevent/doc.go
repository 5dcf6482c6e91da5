// Package testevent is the typed model of a test binary's event stream.
//
// A Go test binary run with -test.v=test2json prints its framing lines (=== RUN, --- FAIL:, PASS,
// FAIL, ...) behind a ^V marker, and everything else (t.Log output, race reports, panics and
// goroutine dumps on stderr) as plain text. Converter turns that byte stream, fed in chunks of any
// size, into the same events `go test -json` prints (see `go doc cmd/test2json`): run, pause,
// cont, pass, fail, skip and output, each tagged with its test. Text outside any test (a panic
// after the tests, a goleak report from TestMain) is output with no Test.
//
// Execution collects the events of one run and answers questions about it: which tests ran,
// which failed, and the output of each test and of the package as a whole.
package testevent
