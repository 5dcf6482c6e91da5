// Package progress owns the learner's saved progress: one JSON file, .grader/state.json at the
// repository root, that records the current kata, the last verdict of each kata graded, and how
// many hints were shown. It is the only code that reads or writes that file.
//
// The file is written atomically (a temporary file in the same folder, then a rename), so a
// crash or a second grader never leaves it half-written. A missing file is an empty state; a
// corrupt or foreign one is reported (Load returns it as Problem) and replaced by an empty state,
// which grading then rebuilds: "done" always means "passes now", never "passed once".
//
// Format (version 1):
//
//	{
//	  "version": 1,
//	  "current": "unbuffered_send",
//	  "katas": {
//	    "worker_pool": {"verdict": "pass", "graded": "2026-11-27T10:00:00Z", "hints_shown": 1}
//	  }
//	}
package progress
