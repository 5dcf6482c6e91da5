// Package tamper compares a learner's checkout of the course with the course's own (pinned)
// checkout, file by file, for the files a learner must not change: the grader's source
// (grader/), the kata metadata, each kata's own files (its tests and helpers, everything but
// the files the learner edits), go.mod and go.sum, the classroom workflow and its script. It
// also names what a learner may add to change how Go builds the katas: a go.work file or a
// vendor folder. It only reports; `grader tamper` prints the report and fails on it.
package tamper
