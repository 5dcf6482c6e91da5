// Package atomicfile writes files so that a reader, or a grader killed half-way, sees the old
// file or the new one and never half of one: the data goes to a temporary file in the same
// folder, which is synced and then renamed over the target.
//
// It is the only place in the grader that writes a file in place: the learner's kata files
// (reset, solutions), the progress state, the reports and the build cache all go through it.
package atomicfile
