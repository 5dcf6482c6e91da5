// Package watch is the grader's watch mode: grade the current kata, wait for a save, grade
// again, and move on when the kata passes.
//
// It is one event loop over one select: file changes (from fsnotify, or from polling with
// --poll where notifications do not work), key presses (read by a single reader goroutine),
// grading results, and cancellation. Changes are debounced; a change during a grading cancels
// that grading (its processes are killed) and starts a new one. Editors that save by renaming a
// temporary file over the original are seen, because whole directories are watched, not files.
package watch
