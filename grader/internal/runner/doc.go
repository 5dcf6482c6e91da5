// Package runner builds Go test binaries and runs them.
//
// It builds every package's test binary in one `go test -c [-race] -json` invocation, then runs
// each binary as separate processes, each under a deadline: the binary gets -test.timeout (so Go
// prints its own goroutine dump), and a process that outlives the deadline by a grace period is
// sent SIGQUIT and then killed with its whole process group. Runs set GORACE=atexit_sleep_ms=0,
// so a -race binary does not sleep a second at exit. Output (stdout and stderr merged, in order)
// is kept whole up to a limit, then truncated in the middle.
//
// Two caches make a warm build cheap. Linked binaries are kept by the hash of everything that
// goes into them (cache.go), so an unchanged package is not built at all. And the steps the go
// command ran to build a single package are kept as a recipe (relink.go): after an edit to that
// package, the runner compiles it and links the binary directly, without the go command's
// loading and checking of every dependency, and falls back to `go test -c` whenever the recipe
// does not fit or a step fails.
//
// The runner knows nothing about katas or diagnoses: it returns raw bytes, exit codes, build
// output and go vet's raw reports (it runs vet's concurrency analyzers with the build, see
// vet.go) for the testevent and diagnose packages to interpret.
package runner
