package runner

import "errors"

// The types and settings shared by the runner's files: the go command it starts, what a build
// is asked to do (BuildOptions) and what it produced (Built). Package is in module.go, Run in
// run.go.

// GoCommand is the go tool the runner starts; tests may point it elsewhere.
var GoCommand = "go"

// ErrNoGo means the go command could not be found.
var ErrNoGo = errors.New("the go command was not found: install Go (https://go.dev/dl/) and make sure `go` is on your PATH")

// BuildOptions controls a build.
type BuildOptions struct {
	Race    bool
	Overlay string // path of a `go test -overlay` JSON file, or ""
	OutDir  string // where the test binaries go
	// CacheDir keeps linked binaries between builds (see cache.go); "" builds every time.
	CacheDir string
	// OverlayMap is the content of Overlay, used for the cache keys.
	OverlayMap map[string]string
}

// Built is the outcome of building one package's test binary.
type Built struct {
	Pkg      Package
	Binary   string // absolute path of the test binary; "" when there is none
	NoTests  bool   // the package builds but has no test files
	Replayed bool   // built by replaying a recipe rather than by the go command
	// Vet is the report of go vet's concurrency checks (VetAnalyzers) on the package as
	// built, when VetRan (vet cannot say anything about a package that does not build).
	Vet         []VetDiag
	VetRan      bool
	Failed      bool     // the build failed
	BuildOutput []string // the compiler's lines for this package, when Failed
}
