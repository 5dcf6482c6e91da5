// Package buildscript reads the script the go command prints with -x: the shell-like lines
// ("WORK=...", "cd ...", "mkdir -p ...", here-documents) it writes before running each tool,
// and the tool command lines themselves, as they come in `go test -c -json -x` build-output
// events. It keeps the tools run for the packages it is asked about and hands back every
// other line (the tools' own output, such as compile errors) untouched.
//
// It knows nothing about what is done with the commands: the runner's rebuild recipes
// (runner/relink.go) decide which of them they can replay.
package buildscript
