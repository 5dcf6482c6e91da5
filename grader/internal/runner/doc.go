// Package runner builds Go test binaries and runs them.
//
// It builds every package's test binary in one `go test -c [-race] -json` invocation, then runs
// each binary as separate processes, each under a deadline: the binary gets -test.timeout (so Go
// prints its own goroutine dump), and a process that outlives the deadline by a grace period is
// sent SIGQUIT and then killed with its whole process group. Runs set GORACE=atexit_sleep_ms=0,
// so a -race binary does not sleep a second at exit. Output (stdout and stderr merged, in order)
// is kept whole up to a limit, then truncated in the middle.
//
// The runner knows nothing about katas or diagnoses: it returns raw bytes, exit codes and
// build-output events for the testevent and diagnose packages to interpret.
package runner
