package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gokatas/grader/internal/atomicfile"
)

// The binary cache keeps linked test binaries between gradings. `go test -c` reuses compiled
// packages from Go's build cache but links every binary again, which is most of a warm
// grading's time. A package's binary is reused when nothing that goes into it has changed:
// the Go version and environment, the build flags, the package's folder and every file in it,
// go.mod and go.sum, and the overlay files for it. A package that imports another package of
// its own module is never cached, since the key would not see changes there.

// DefaultCacheDir is where binaries are kept, or "" when there is no user cache folder.
func DefaultCacheDir() string {
	if os.Getenv("GRADER_NOCACHE") != "" {
		return ""
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "go-concurrency-katas", "bin")
}

// cacheKey returns the key of a package's binary, or "" when it cannot be cached.
func cacheKey(p Package, opts BuildOptions, overlay map[string]string) string {
	h := sha256.New()
	// The folder too: binaries record their source paths, which diagnoses are read against.
	fmt.Fprintf(h, "grader-bin-v3\nrace=%v\ndir=%s\n", opts.Race, p.Dir)
	if !hashGoEnv(h) {
		return ""
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if !hashFile(h, filepath.Join(p.Module.Root, f)) && f == "go.mod" {
			return ""
		}
	}
	entries, err := os.ReadDir(p.Dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.Type().IsRegular() && e.Type()&os.ModeSymlink == 0 {
			continue
		}
		path := filepath.Join(p.Dir, e.Name())
		if r, ok := overlay[path]; ok {
			path = r
		}
		fmt.Fprintf(h, "file %s\n", e.Name())
		if path != "" {
			hashFile(h, path)
		}
		if strings.HasSuffix(e.Name(), ".go") && importsOwnModule(path, p.Module.Path) {
			return ""
		}
	}
	// Files the overlay adds to the folder.
	var added []string
	for from := range overlay {
		if filepath.Dir(from) == p.Dir {
			added = append(added, from)
		}
	}
	slices.Sort(added)
	for _, a := range added {
		fmt.Fprintf(h, "overlay %s\n", filepath.Base(a))
		if overlay[a] != "" {
			hashFile(h, overlay[a])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// hashGoEnv writes the go command's settings to h; false when go env failed.
func hashGoEnv(h io.Writer) bool {
	env, err := goEnv()
	if err != nil || env["GOVERSION"] == "" {
		return false
	}
	for _, k := range goEnvKeys {
		fmt.Fprintf(h, "%s=%s\n", k, env[k])
	}
	return true
}

func hashFile(h io.Writer, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, _ := f.Stat()
	fmt.Fprintf(h, "%d\n", st.Size())
	_, err = io.Copy(h, f)
	return err == nil
}

func importsOwnModule(path, module string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		return true // cannot tell: do not cache
	}
	for _, imp := range f.Imports {
		ip, _ := strconv.Unquote(imp.Path.Value)
		if ip == module || strings.HasPrefix(ip, module+"/") {
			return true
		}
	}
	return false
}

// cached returns the cached binary for key, or "".
func cached(dir, key string) string {
	if dir == "" || key == "" {
		return ""
	}
	p := filepath.Join(dir, key+".test"+exeSuffix)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	touch(p)
	return p
}

// touch marks a cache entry as recently used, so that prune keeps it.
func touch(path string) {
	now := time.Now()
	_ = os.Chtimes(path, now, now)
}

// store copies a fresh binary into the cache (through a rename, so readers never see half a
// file) and returns its cached path; on any error it returns the fresh one.
func store(dir, key, bin string) string {
	if dir == "" || key == "" {
		return bin
	}
	src, err := os.Open(bin)
	if err != nil {
		return bin
	}
	defer src.Close()
	dst := filepath.Join(dir, key+".test"+exeSuffix)
	if err := atomicfile.WriteFrom(dst, src, 0o755); err != nil {
		return bin
	}
	return dst
}

// maxCached bounds the cache: the least recently used binaries (and recipes) beyond it are
// removed.
const maxCached = 160

// Prune drops the least recently used entries of the cache in dir beyond maxCached, or beyond
// keep if that is more. Build does not prune: the binaries it returns are run from the cache,
// so a grading prunes once its runs are over, keeping at least its own keep binaries (a
// grading of more packages than maxCached would otherwise lose some before they ran).
func Prune(dir string, keep int) {
	if dir == "" {
		return
	}
	keep = max(keep, maxCached)
	pruneSuffix(dir, ".test"+exeSuffix, keep)
	pruneSuffix(dir, ".recipe", keep)
	pruneSuffix(dir, ".vet", keep)
}

func pruneSuffix(dir, suffix string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type ent struct {
		name string
		mod  time.Time
	}
	var es []ent
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), suffix) {
			continue
		}
		if info, err := e.Info(); err == nil {
			es = append(es, ent{e.Name(), info.ModTime()})
		}
	}
	if len(es) <= keep {
		return
	}
	slices.SortFunc(es, func(a, b ent) int { return b.mod.Compare(a.mod) })
	for _, e := range es[keep:] {
		os.Remove(filepath.Join(dir, e.name))
	}
}
