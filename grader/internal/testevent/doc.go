// Package testevent is the typed model of a test binary's event stream.
//
// The runner converts each run's raw output with the toolchain's own cmd/test2json (always the
// version that built the binary, so framing changes between Go releases never reach this
// package). Decode reads the resulting JSON events (see `go doc cmd/test2json`): start, run,
// pause, cont, pass, fail, skip and output, each tagged with its test, and from Go 1.27 an
// OutputType on output events. A line that is not JSON is kept as package output. Text outside
// any test (a panic after the tests, a goleak report from TestMain) is output with no Test.
//
// Execution collects the events of one run and answers questions about it: which tests ran,
// which failed or were skipped, the output of each test and of the package, and the whole text.
package testevent
