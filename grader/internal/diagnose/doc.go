// Package diagnose turns the raw outcome of a package's test runs into findings a person can act
// on: what went wrong (a data race, a deadlock, a hang, a goroutine leak, a panic, a failing
// assertion, a compile error), where in the package's own files, and the pattern when it is a
// known one ("a lock taken twice by one goroutine", "a send nobody receives").
//
// It is pure data in, data out, and imports no package that runs anything: it takes plain
// inputs (how a process ended, its test events, the compiler's lines, go vet's reports), reads
// them through the trace and testevent parsers, reads source lines to name variables and locks,
// and returns findings. The grade package hands it the runner's results; rendering (text, JSON,
// colour) belongs to the render package.
package diagnose
