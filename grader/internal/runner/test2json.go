package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"gokatas/grader/internal/atomicfile"
)

// A test binary run with -test.v=test2json frames its output with control bytes that change
// between Go releases (Go 1.27 added 0x0F and 0x0E around each error block). The one reader that
// always matches a binary is the converter of the toolchain that built it, cmd/test2json, so the
// runner converts every run's output with it instead of parsing the framing itself.
//
// `go tool -n test2json` builds the converter into Go's build cache once and prints its path;
// the path is remembered per toolchain (GOROOT and GOVERSION) in the grader's cache folder, so
// a grading does not start the go command for it again.

// Test2JSON returns the path of the toolchain's test2json, building it on first use.
func Test2JSON() (string, error) { return test2json() }

var test2json = sync.OnceValues(func() (string, error) {
	env, err := goEnv()
	if err != nil {
		return "", err
	}
	memo := ""
	if dir := DefaultCacheDir(); dir != "" {
		sum := sha256.Sum256([]byte(env["GOROOT"] + "\n" + env["GOVERSION"] + "\n" + env["GOOS"] + "/" + env["GOARCH"]))
		memo = filepath.Join(filepath.Dir(dir), "test2json-"+hex.EncodeToString(sum[:8]))
		if b, err := os.ReadFile(memo); err == nil {
			if p := strings.TrimSpace(string(b)); p != "" && isFile(p) {
				return p, nil
			}
		}
	}
	out, err := exec.Command(GoCommand, "tool", "-n", "test2json").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(ee.Stderr))
		}
		return "", fmt.Errorf("finding the toolchain's test2json (go tool -n test2json): %w", err)
	}
	path := strings.TrimSpace(string(out))
	if !isFile(path) {
		return "", fmt.Errorf("go tool -n test2json printed %q, which is not a file", path)
	}
	if memo != "" {
		_ = atomicfile.Write(memo, []byte(path+"\n"), 0o644) // a cache entry: on failure, the next run rebuilds it
	}
	return path, nil
})

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// ConvertOutput turns the raw output of a binary run with -test.v=test2json into the JSON
// events of `go test -json`, with the toolchain's own converter.
func ConvertOutput(ctx context.Context, raw []byte) ([]byte, error) {
	tool, err := test2json()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, tool)
	cmd.Stdin = bytes.NewReader(raw)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("converting test output with %s: %w: %s", tool, err, bytes.TrimSpace(errb.Bytes()))
	}
	return out.Bytes(), nil
}

// The first build with a toolchain compiles its race-enabled standard library (about a minute
// on a small machine) before any kata: callers say so while it happens. A marker per toolchain,
// written after the first successful build, tells a cold toolchain from a warm one.

// ColdToolchain reports whether this toolchain has not yet built test binaries for the grader
// (with the race detector when race is set), so the next build will take long.
func ColdToolchain(race bool) bool {
	m := warmMarker(race)
	return m != "" && !isFile(m)
}

func warmMarker(race bool) string {
	dir := DefaultCacheDir()
	env, err := goEnv()
	if dir == "" || err != nil {
		return ""
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\n%s\n%s/%s\nrace=%v", env["GOROOT"], env["GOVERSION"], env["GOOS"], env["GOARCH"], race))
	return filepath.Join(filepath.Dir(dir), "warm-"+hex.EncodeToString(sum[:8]))
}

func markWarm(race bool) {
	if m := warmMarker(race); m != "" && !isFile(m) {
		_ = atomicfile.Write(m, []byte("built\n"), 0o644) // a cache entry: on failure, the next run rebuilds it
	}
}

// GoVersion is the toolchain's version (go1.26.8), or "Go" when it cannot be told.
func GoVersion() string {
	env, err := goEnv()
	if err != nil || env["GOVERSION"] == "" {
		return "Go"
	}
	return env["GOVERSION"]
}
