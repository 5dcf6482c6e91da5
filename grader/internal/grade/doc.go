// Package grade runs the pipeline for a set of package directories: build every test binary in
// one go invocation (runner), run each binary up to N times as separate processes under a
// deadline (runner), and diagnose the runs (diagnose). It returns one diagnose.Report per
// package, plus the verdict of every run for callers that need them all (grader dev check).
//
// It schedules runs on a pool sized to the machine and can stop early: at a package's first
// failing run, or, for an ordered course, once the first failing package is known.
package grade
