//go:build unix

// Command bench is the grader's benchmark harness (`make bench`). It measures, side by side in
// one run on the same machine, the grader against plain `go test -race`:
//
//  1. warm `grader verify` versus warm `go test -race -count=1 ./katas/...`, on a copy where every
//     kata is solved and on the unsolved katas (with `go test -timeout` equal to the grader's
//     per-kata deadline);
//  2. one kata after an edit to its stub: `grader run KATA` versus `go test -race -count=1`;
//  3. the watch loop: from a save made by the harness to the verdict on screen;
//  4. `grader dev check` end to end, with its N, and its cost per kata;
//  5. a cold `grader verify` after `go clean -cache` (one run).
//
// It prints min/median/max of several repetitions, the ratios, and the grader's peak memory
// (max RSS) during verify. It works on a temporary copy of the repository and never touches the
// learner's files. Usage: go run ./grader/cmd/bench [-reps N] [-skip-cold] [-skip-devcheck]
package main
