// Package textdiff prints the line differences between two small texts as a unified diff, as
// `grader solution` shows a learner's file against the reference solution.
package textdiff
