package explore

import (
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Overlay instruments the package in dir for perturbed runs. compiled maps a source path to
// the file compiled in its place (the build overlay so far: a solution, a wrong fix); every
// other file is read from dir. The instrumented files and RuntimeFile are written under tmp,
// and the returned map (source path -> written file) is to be added to the build overlay.
// A package with no code outside its tests, or only cgo code, is left as it is (no entries).
func Overlay(dir string, compiled map[string]string, tmp string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, nil
	}
	tmp, err = os.MkdirTemp(tmp, "explore")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	pkg, site := "", 0
	for _, name := range names {
		path := filepath.Join(dir, name)
		from := path
		if c, ok := compiled[path]; ok {
			from = c
		}
		src, err := os.ReadFile(from)
		if err != nil {
			return nil, err
		}
		inst, next, err := Instrument(path, src, site)
		if err != nil {
			return nil, fmt.Errorf("instrumenting %s: %w", name, err)
		}
		if pkg == "" {
			if pkg, err = packageName(path, src); err != nil {
				return nil, err
			}
		}
		if next == site {
			continue // nothing to instrument in this file
		}
		site = next
		w := filepath.Join(tmp, name)
		if err := os.WriteFile(w, inst, 0o644); err != nil {
			return nil, fmt.Errorf("writing the instrumented %s: %w", name, err)
		}
		out[path] = w
	}
	if len(out) == 0 {
		return out, nil
	}
	w := filepath.Join(tmp, RuntimeFile)
	if err := os.WriteFile(w, Runtime(pkg), 0o644); err != nil {
		return nil, fmt.Errorf("writing %s: %w", RuntimeFile, err)
	}
	out[filepath.Join(dir, RuntimeFile)] = w
	return out, nil
}

func packageName(path string, src []byte) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	return f.Name.Name, nil
}
