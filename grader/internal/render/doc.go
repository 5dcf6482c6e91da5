// Package render prints the grader's results for people and for programs: the progress bar,
// tables, a diagnosis with the learner's source lines marked, the screen of a graded package
// (Screen, the same for every command), JSON, JUnit XML and the HTML progress page. Every function takes an
// io.Writer. Colour is decided once, by the caller, through Style (see NewStyle), and nothing
// else here looks at the terminal or the environment.
package render
