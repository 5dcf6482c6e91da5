package runner

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is a Go module on disk.
type Module struct {
	Root string // absolute directory holding go.mod
	Path string // module path
}

// FindModule walks up from dir to the nearest go.mod.
func FindModule(dir string) (Module, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Module{}, err
	}
	for d := abs; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			path := modulePath(string(data))
			if path == "" {
				return Module{}, fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
			}
			return Module{Root: d, Path: path}, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return Module{}, err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return Module{}, &NoModuleError{Dir: dir}
		}
		d = parent
	}
}

func modulePath(gomod string) string {
	sc := bufio.NewScanner(strings.NewReader(gomod))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// Package is one package directory to build and run.
type Package struct {
	Dir        string // absolute directory
	ImportPath string
	Module     Module
}

// NewPackage describes the package in dir.
func NewPackage(dir string) (Package, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Package{}, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return Package{}, fmt.Errorf("%s: %w", dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return Package{}, fmt.Errorf("%s is not a directory", dir)
	}
	mod, err := FindModule(abs)
	if err != nil {
		return Package{}, err
	}
	rel, err := filepath.Rel(mod.Root, abs)
	if err != nil {
		return Package{}, err
	}
	ip := mod.Path
	if rel != "." {
		ip += "/" + filepath.ToSlash(rel)
	}
	return Package{Dir: abs, ImportPath: ip, Module: mod}, nil
}

// binName is the file name `go test -c -o DIR/` gives the package's test binary.
func (p Package) binName() string {
	name := p.ImportPath[strings.LastIndex(p.ImportPath, "/")+1:]
	if exeSuffix != "" {
		return name + ".test" + exeSuffix
	}
	return name + ".test"
}

// NoModuleError says that a folder is not inside any Go module: the caller pointed at the
// wrong place.
type NoModuleError struct{ Dir string }

func (e *NoModuleError) Error() string {
	return e.Dir + " is not inside a Go module (no go.mod above it)"
}
