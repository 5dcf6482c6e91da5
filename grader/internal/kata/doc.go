// Package kata owns the kata metadata: the one file, katas/katas.toml, that describes every
// kata (its name, folder, course order, track, difficulty, concepts, declared failure class,
// hints and the files the learner edits), and the typed, validating loader that reads it.
//
// It also finds the repository root from any directory inside it, so every other part of the
// grader works from one place and never hard-codes paths.
package kata
