package buildscript

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitCommand(t *testing.T) {
	env, args, ok := SplitCommand(`TERM='dumb' GOROOT="/go \"x\"" /usr/local/go/pkg/tool/linux_amd64/compile -o $WORK/b128/_pkg_.a -trimpath "$WORK/b128=>" -p example.com/m/p ./p/p.go`)
	require.True(t, ok)
	assert.Equal(t, []string{"TERM=dumb", `GOROOT=/go "x"`}, env)
	assert.Equal(t, []string{"/usr/local/go/pkg/tool/linux_amd64/compile", "-o", "$WORK/b128/_pkg_.a", "-trimpath", "$WORK/b128=>", "-p", "example.com/m/p", "./p/p.go"}, args)

	_, _, ok = SplitCommand(`echo 'unbalanced`)
	assert.False(t, ok)
}

func TestScriptLine(t *testing.T) {
	tool, err := os.Executable()
	require.NoError(t, err)
	for _, l := range []string{"WORK=/tmp/go-build1", "mkdir -p $WORK/b001/", "cd /tmp/m", "go tool buildid -w $WORK/b001/_pkg_.a # internal", tool + " -o x"} {
		assert.True(t, IsScriptLine(l), l)
	}
	for _, l := range []string{"p/p.go:3:9: undefined: x", "/tmp/m/p/p.go:3:9: undefined: x", "\thave (int)", "vet: p/p.go:1: oops"} {
		assert.False(t, IsScriptLine(l), l)
	}
}

func TestScriptParserKeepsToolOutput(t *testing.T) {
	sp := &Parser{Root: "/m", Own: func(ip string) bool { return ip == "example.com/m/p [example.com/m/p.test]" }}
	own := "example.com/m/p [example.com/m/p.test]"
	assert.Empty(t, sp.Add("", "WORK=/tmp/go-build1\nmkdir -p $WORK/b001/\n"))
	assert.Equal(t, "/tmp/go-build1", sp.Work)
	assert.Empty(t, sp.Add(own, "cat >/tmp/go-build1/b002/importcfg << 'EOF' # internal\npackagefile fmt=/c/fmt-d\nEOF\ncd /m\n"))
	assert.Equal(t, "/m", sp.Dir())
	assert.False(t, sp.Unreadable)
	// A command it cannot split, and a line that is a tool's output.
	assert.Empty(t, sp.Add(own, "echo 'x' > $WORK/b002/y\n"))
	assert.True(t, sp.Unreadable)
	assert.Equal(t, []string{"# example.com/m/p", "p/p.go:3:9: undefined: x"}, sp.Add(own, "# example.com/m/p\np/p.go:3:9: undefined: x\n"))
}

// FuzzScriptParser: whatever the go command prints, reading it never panics.
func FuzzScriptParser(f *testing.F) {
	for _, seed := range []string{
		"WORK=/tmp/go-build1\ncd /m\n",
		"cat >/tmp/w/b001/importcfg << 'EOF' # internal\npackagefile fmt=/c\nEOF\n",
		`TERM='dumb' /usr/local/go/pkg/tool/linux_amd64/vet -atomic $WORK/b002/vet.cfg`,
		`/usr/local/go/pkg/tool/linux_amd64/compile -o $WORK/b002/_pkg_.a -trimpath "$WORK/b002=>" -p p ./p.go`,
		"echo 'x' > y\n\"unterminated\ncp a b # internal\n",
	} {
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, out string, own bool) {
		sp := &Parser{Root: "/m", Own: func(string) bool { return own }}
		sp.Add("p", out)
		SplitCommand(out)
		IsScriptLine(out)
	})
}
