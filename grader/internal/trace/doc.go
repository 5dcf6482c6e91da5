// Package trace parses what Go prints when concurrency goes wrong: goroutine dumps (test
// timeouts, SIGQUIT, synctest deadlocks), data race reports, goleak reports, panics and fatal
// errors, compiler errors, and test assertion failures (testify's and t.Error's).
//
// Parsers take text and return plain data; they never fail on malformed input (fuzz tests hold
// them to that) and know nothing about katas or verdicts. The shapes they read are described in
// the project's notes on Go's output formats and recorded as fixtures under testdata/.
package trace
