// Package cli is the grader's command line: it parses arguments, finds the repository, loads the
// kata metadata and the learner's progress, calls the grading pipeline (grade), and hands the
// results to the render package. Main returns the exit status; it never calls os.Exit.
//
// Exit status of every command: 0 all good; 1 a kata or package fails (a result, not an error);
// 2 usage error (unknown command or flag, unknown kata, not inside the repository); 3 the
// grader's own fault (invalid metadata, no go command, an unexpected error).
package cli
