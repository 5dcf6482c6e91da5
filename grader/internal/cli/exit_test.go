package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/render"
	"gokatas/grader/internal/runner"
)

// writeFiles writes name -> content below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

// TestExitStatuses runs the cli entry point once per exit status and way of reaching it: the
// statuses are the contract scripts and CI jobs rely on (0 pass, 1 fails, 2 usage, 3 fault).
func TestExitStatuses(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is needed to grade")
	}
	repo, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	outside := t.TempDir()
	mod := writeFiles(t, t.TempDir(), map[string]string{
		"go.mod":                  "module example.com/m\n\ngo 1.26\n",
		"pass/pass.go":            "package pass\n\nfunc Two() int { return 2 }\n",
		"pass/pass_test.go":       "package pass\n\nimport \"testing\"\n\nfunc TestTwo(t *testing.T) {\n\tif Two() != 2 {\n\t\tt.Fatal(\"two\")\n\t}\n}\n",
		"fail/fail.go":            "package fail\n\nfunc Two() int { return 3 }\n",
		"fail/fail_test.go":       "package fail\n\nimport \"testing\"\n\nfunc TestTwo(t *testing.T) {\n\tif Two() != 2 {\n\t\tt.Errorf(\"Two() = %d, want 2\", Two())\n\t}\n}\n",
		"katas/katas.toml":        "this is [not toml\n",
		"katas/01_x/kata.go":      "package x\n",
		"katas/01_x/kata_test.go": "package x\n",
	})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	cases := []struct {
		name   string
		ctx    context.Context
		dir    string
		args   []string
		noGo   bool
		status int
		says   string // in the output, "" for anything
	}{
		{name: "help", dir: repo, args: []string{"--help"}, status: ExitOK},
		{name: "a package that passes", dir: mod, args: []string{"diagnose", "--runs", "1", "./pass"}, status: ExitOK},
		{name: "a package that fails", dir: mod, args: []string{"diagnose", "--runs", "1", "./fail"}, status: ExitFail, says: "want 2"},
		{name: "interrupted", ctx: cancelled, dir: mod, args: []string{"diagnose", "--runs", "1", "./pass"}, status: ExitFail, says: "interrupted"},
		{name: "an unknown command", dir: repo, args: []string{"frobnicate"}, status: ExitUsage, says: "unknown command"},
		{name: "a bad flag value", dir: repo, args: []string{"run", "--runs", "x"}, status: ExitUsage},
		{name: "an unknown kata", dir: repo, args: []string{"run", "no_such_kata"}, status: ExitUsage, says: "no kata"},
		{name: "outside the repository", dir: outside, args: []string{"list"}, status: ExitUsage, says: "not inside the kata repository"},
		{name: "diagnose with no folder", dir: repo, args: []string{"diagnose"}, status: ExitUsage},
		{name: "diagnose of a folder outside any module", dir: repo, args: []string{"diagnose", outside}, status: ExitUsage, says: "not inside a Go module"},
		{name: "invalid metadata", dir: mod, args: []string{"list"}, status: ExitFault, says: "katas.toml"},
		{name: "no go command", dir: mod, args: []string{"diagnose", "--runs", "1", "./pass"}, noGo: true, status: ExitFault, says: "go command was not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.noGo {
				old := runner.GoCommand
				runner.GoCommand = filepath.Join(outside, "no-go-here")
				defer func() { runner.GoCommand = old }()
			}
			ctx := c.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			var stdout, stderr bytes.Buffer
			env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: os.Getenv, Dir: c.dir}
			env.Style = render.NewStyle(&stdout, func(string) string { return "" })
			got := run(ctx, env, c.args)
			out := stdout.String() + stderr.String()
			assert.Equal(t, c.status, got, "grader %s\n%s", strings.Join(c.args, " "), out)
			assert.Contains(t, out, c.says)
		})
	}
}
