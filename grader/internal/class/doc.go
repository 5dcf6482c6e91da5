// Package class reads a class's results, the JSON lines of `grader verify --json` of many
// learners (one file or one folder per learner, as unpacked from CI artifacts), and aggregates
// them against the course's metadata: a verdict for every learner and kata, each kata's pass
// rate and most common failing verdict (where the class is stuck), each learner's progress.
//
// Bad input never loses a learner's row and is said in one Problem each: a line that is not a
// result (a truncated file), a result of another version of the course (another course
// fingerprint, or a kata this course does not have), a learner with two result files (the
// newest is used), a learner with no results at all. The render package lays the class out as
// an HTML page or CSV.
package class
