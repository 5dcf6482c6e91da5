package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"gokatas/grader/internal/atomicfile"
)

// VetAnalyzers are go vet's concurrency checks, which `go test` does not run. The runner runs
// them on every package it builds, once per build: a replayed build runs them with the recorded
// vet configuration (alongside the link), the other builds in one `go vet` per module, and the
// report is kept with the cached binary.
var VetAnalyzers = []string{"atomic", "copylocks", "lostcancel", "sigchanyzer", "testinggoroutine", "waitgroup"}

// VetDiag is one report of a vet analyzer.
type VetDiag struct {
	Analyzer string `json:"analyzer"`
	Posn     string `json:"posn"` // file:line:col
	Message  string `json:"message"`
}

func vetFlags() []string {
	flags := []string{"-json"}
	for _, a := range VetAnalyzers {
		flags = append(flags, "-"+a)
	}
	return flags
}

// parseVetJSON reads the JSON objects that vet -json prints (one per package unit, keyed by
// package ID, then analyzer) into reports, each under the import path its package ID names
// ("p", "p [p.test]" and "p_test [p.test]" are all p). Lines that are not JSON are skipped.
// ok is false when the stream could not be read at all.
func parseVetJSON(data []byte) (map[string][]VetDiag, bool) {
	out := map[string][]VetDiag{}
	// Drop "# pkg" headers and any other text between objects.
	var clean bytes.Buffer
	for _, l := range bytes.SplitAfter(data, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte("#")) {
			clean.Write(l)
		}
	}
	dec := json.NewDecoder(&clean)
	for {
		var obj map[string]map[string]json.RawMessage
		err := dec.Decode(&obj)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, false
		}
		for id, byAnalyzer := range obj {
			path, _, _ := strings.Cut(id, " [")
			path = strings.TrimSuffix(path, "_test")
			for analyzer, raw := range byAnalyzer {
				var diags []VetDiag
				if json.Unmarshal(raw, &diags) != nil {
					continue // an analyzer's error object ({"error": ...}), not reports
				}
				for _, d := range diags {
					d.Analyzer = analyzer
					out[path] = append(out[path], d)
				}
			}
		}
	}
	for p := range out {
		sort.SliceStable(out[p], func(i, j int) bool { return out[p][i].Posn < out[p][j].Posn })
	}
	return out, true
}

// mapOverlayPaths names overlay files by the paths they stand for. go vet caches its reports
// by content, so a report may name the backing file of an earlier grading (another temporary
// folder): a file outside the package with the base name of one of its overlaid files is that file.
func mapOverlayPaths(diags []VetDiag, p Package, overlay map[string]string) []VetDiag {
	targets := overlayTargets(p, overlay)
	for i := range diags {
		file, rest, ok := splitPosn(diags[i].Posn)
		if !ok || filepath.Dir(file) == p.Dir {
			continue
		}
		for _, t := range targets {
			if src := overlay[t]; src != "" && (file == src || filepath.Base(file) == filepath.Base(src)) {
				diags[i].Posn = t + rest
				break
			}
		}
	}
	return diags
}

// splitPosn splits "file.go:12:3" into "file.go" and ":12:3".
func splitPosn(posn string) (file, rest string, ok bool) {
	i := strings.LastIndex(posn, ".go:")
	if i < 0 {
		return "", "", false
	}
	return posn[:i+3], posn[i+3:], true
}

// vetPackages runs the concurrency checks on packages with the go command, one `go vet` per
// module, and returns each package's reports (by index in pkgs); ok[i] is false where vet could
// not say (the package does not build, or vet failed to run).
func vetPackages(ctx context.Context, pkgs []Package, idx []int, opts BuildOptions) (map[int][]VetDiag, map[int]bool) {
	reports, ok := map[int][]VetDiag{}, map[int]bool{}
	byRoot := map[string][]int{}
	for _, i := range idx {
		byRoot[pkgs[i].Module.Root] = append(byRoot[pkgs[i].Module.Root], i)
	}
	for root, is := range byRoot {
		args := append([]string{"vet"}, vetFlags()...)
		if opts.Overlay != "" {
			args = append(args, "-overlay", opts.Overlay)
		}
		for _, i := range is {
			rel, err := filepath.Rel(root, pkgs[i].Dir)
			if err != nil {
				continue
			}
			args = append(args, "./"+filepath.ToSlash(rel))
		}
		cmd := exec.CommandContext(ctx, GoCommand, args...)
		cmd.Dir = root
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			continue
		}
		byPath, parsed := parseVetJSON(append(stdout.Bytes(), stderr.Bytes()...))
		if !parsed || err != nil {
			// With -json, vet exits 0 whatever it reports; a failure means it did not run
			// (a package that does not build): no report for anyone in this module.
			continue
		}
		for _, i := range is {
			reports[i] = mapOverlayPaths(byPath[pkgs[i].ImportPath], pkgs[i], opts.OverlayMap)
			ok[i] = true
		}
	}
	return reports, ok
}

// vetCached reads the vet report kept with a cached binary.
func vetCached(dir, key string) ([]VetDiag, bool) {
	if dir == "" || key == "" {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(dir, key+".vet"))
	if err != nil {
		return nil, false
	}
	var diags []VetDiag
	if json.Unmarshal(data, &diags) != nil {
		return nil, false
	}
	return diags, true
}

func vetStore(dir, key string, diags []VetDiag) {
	if dir == "" || key == "" {
		return
	}
	if diags == nil {
		diags = []VetDiag{}
	}
	if data, err := json.Marshal(diags); err == nil {
		_ = atomicfile.Write(filepath.Join(dir, key+".vet"), data, 0o644) // a cache entry: on failure, the next run rebuilds it
	}
}
