package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The test binary doubles as the grader: scripts run it as `grader`.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"grader": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end tests in testdata/script. Each script is a small kata
// repository (or Go package) and the grader commands run against it.
func TestScripts(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is needed to grade")
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// halve FILE cuts FILE in the middle of its last line, as an interrupted download does.
			"halve": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: halve FILE")
				}
				data := []byte(ts.ReadFile(args[0]))
				last := bytes.LastIndexByte(bytes.TrimRight(data, "\n"), '\n') + 1
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), data[:last+(len(data)-last)/2], 0o644))
			},
		},
		Setup: func(env *testscript.Env) error {
			// Share the build and module caches so scripts do not rebuild the world or download.
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN", "PATH"} {
				if v := goenv(k); v != "" {
					env.Setenv(k, v)
				}
			}
			env.Setenv("NO_COLOR", "1")
			// GRADERBIN is the folder holding the grader alone, for scripts that hide `go`.
			for _, dir := range filepath.SplitList(env.Getenv("PATH")) {
				if _, err := os.Stat(filepath.Join(dir, "grader")); err == nil {
					env.Setenv("GRADERBIN", dir)
					break
				}
			}
			return nil
		},
	})
}

func goenv(key string) string {
	if key == "PATH" {
		return os.Getenv("PATH")
	}
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		return os.Getenv(key)
	}
	return strings.TrimSpace(string(out))
}
