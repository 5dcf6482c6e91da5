// Command classgen writes the results of a synthetic class, one JSON lines file per learner as
// `grader verify --json` writes them, for measuring the class page:
//
//	go run ./grader/cmd/classgen -n 300 -out class300
//	go run ./grader class --html class.html class300/*
//
// The learners and their results are made up (see class.Synthetic); the katas, their order and
// the course's fingerprint are the repository's, so `grader class` reads them as this course's.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"gokatas/grader/internal/atomicfile"
	"gokatas/grader/internal/class"
	"gokatas/grader/internal/kata"
)

func main() {
	n := flag.Int("n", 300, "learners")
	seed := flag.Uint64("seed", 1, "random seed (the same seed, the same class)")
	out := flag.String("out", "", "folder to write learner-NNN.jsonl files to")
	flag.Parse()
	if *out == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./grader/cmd/classgen [-n 300] [-seed 1] -out DIR")
		os.Exit(2)
	}
	if err := run(*n, *seed, *out); err != nil {
		fmt.Fprintf(os.Stderr, "classgen: %v\n", err)
		os.Exit(3)
	}
}

func run(n int, seed uint64, out string) error {
	root, err := kata.FindRoot(".") // the working directory, made absolute
	if err != nil {
		return err
	}
	metaPath := filepath.Join(root, filepath.FromSlash(kata.MetadataPath))
	meta, err := os.ReadFile(metaPath)
	if err != nil {
		return err
	}
	cat, err := kata.Parse(metaPath, meta)
	if err != nil {
		return err
	}
	learners := class.Synthetic(cat, kata.CourseID(meta, kata.OriginalsData()), n, seed)
	names := make([]string, 0, len(learners))
	for name := range learners {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := atomicfile.Write(filepath.Join(out, name+".jsonl"), learners[name], 0o644); err != nil {
			return fmt.Errorf("writing the results of %s: %w", name, err)
		}
	}
	fmt.Printf("wrote %d learners' results to %s\n", len(names), out)
	return nil
}
