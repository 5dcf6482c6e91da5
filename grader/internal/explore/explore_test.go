package explore

import (
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `package sample

import (
	"sync"
	"sync/atomic"
)

type Box struct {
	mu sync.Mutex
	n  int
	hits atomic.Int64
}

func (b *Box) Inc() {
	b.mu.Lock()
	b.n++
	b.mu.Unlock() // released
}

func Fan(ch chan int, n int) int {
	var wg sync.WaitGroup
	var total int64
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); ch <- i }()
	}
	go func() { wg.Wait(); close(ch) }()
	for v := range ch {
		atomic.AddInt64(&total, int64(v))
	}
	select {
	case <-ch:
	default:
	}
	if v, ok := <-ch; ok {
		return v
	}
	return int(total)
}

func Plain(a, b int) int { return a + b }
`

func TestInstrumentPutsPointsAroundOperations(t *testing.T) {
	out, next, err := Instrument("sample.go", []byte(sample), 7)
	require.NoError(t, err)
	got := string(out)
	_, err = parser.ParseFile(token.NewFileSet(), "sample.go", out, parser.ParseComments)
	require.NoError(t, err, "the instrumented file must parse:\n%s", got)

	// Each line keeps its statement, with the points on the same line.
	lines := strings.Split(got, "\n")
	orig := strings.Split(sample, "\n")
	require.Len(t, lines, len(orig), "no line is added or removed")
	point := regexp.MustCompile(`; (defer )?` + YieldFunc + `\(\d+\)/\*line :\d+:\d+\*/|(defer )?` + YieldFunc + `\(\d+\); /\*line :\d+:\d+\*/`)
	for i := range orig {
		assert.Equal(t, orig[i], point.ReplaceAllString(lines[i], ""), "line %d, without its points, is the original line", i+1)
	}
	has := func(line int) bool { return strings.Contains(lines[line-1], YieldFunc) }
	// A range loop has a point at the top of its body: over a channel, it received there.
	for _, line := range []int{15, 17, 23, 24, 25, 27, 28, 29, 31, 35} {
		assert.True(t, has(line), "line %d (%q) has a scheduling point", line, orig[line-1])
	}
	for _, line := range []int{16, 22, 32, 36, 40, 42} {
		assert.False(t, has(line), "line %d (%q) has no concurrency operation and no point", line, orig[line-1])
	}
	assert.Contains(t, lines[16], "b.mu.Unlock(); "+YieldFunc, "a point after the unlock lets a waiting goroutine take the lock first")
	assert.Regexp(t, `defer `+YieldFunc+`\(\d+\); /\*line :25:\d+\*/defer wg.Done\(\); defer `+YieldFunc+`\(\d+\)/\*line`, lines[24],
		"a deferred release gets deferred points on both sides (they run in reverse order)")
	assert.Equal(t, 7+strings.Count(got, YieldFunc+"("), next, "sites are numbered on from first")

	same, n, err := Instrument("plain.go", []byte("package p\n\nfunc F(a int) int { return a * 2 }\n"), 3)
	require.NoError(t, err)
	assert.Equal(t, "package p\n\nfunc F(a int) int { return a * 2 }\n", string(same), "a file without concurrency operations is left as it is")
	assert.Equal(t, 3, n)
}

// The test package for the end-to-end tests: the panic and the compile error must be reported
// at their lines and columns in the original file.
const buggy = `package buggy

import "sync"

var mu sync.Mutex

func Boom(ch chan int) {
	mu.Lock(); ch <- 1; mu.Unlock()
	mu.Lock(); v := <-ch; mu.Unlock(); var m map[int]int; m[v] = 1
}
`

const buggyTest = `package buggy

import "testing"

func TestBoom(t *testing.T) {
	ch := make(chan int, 1)
	Boom(ch)
}
`

// writeModule writes a module with package buggy and returns its directory.
func writeModule(t *testing.T, code string) string {
	dir := t.TempDir()
	for name, src := range map[string]string{"go.mod": "module buggy\n\ngo 1.26\n", "buggy.go": code, "buggy_test.go": buggyTest} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	return dir
}

// goTest runs go test on dir with the package instrumented, under schedule s.
func goTest(t *testing.T, dir string, s Schedule) string {
	ov, err := Overlay(dir, nil, t.TempDir())
	require.NoError(t, err)
	require.Contains(t, ov, filepath.Join(dir, RuntimeFile), "the point's definition is added")
	data, err := json.Marshal(map[string]any{"Replace": ov})
	require.NoError(t, err)
	overlay := filepath.Join(t.TempDir(), "overlay.json")
	require.NoError(t, os.WriteFile(overlay, data, 0o644))
	cmd := exec.Command("go", "test", "-race", "-count=1", "-overlay="+overlay, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), s.Env()...)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

func TestReportedPositionsAreTheLearnersOwn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary")
	}
	dir := writeModule(t, buggy)
	out := goTest(t, dir, For(1))
	// The nil map write is the 8th statement on line 9, at column 55 of the original file.
	assert.Contains(t, out, "assignment to entry in nil map", out)
	assert.Regexp(t, `buggy\.go:9 `, out, "the panic is reported on its own line")
	assert.NotContains(t, out, RuntimeFile, "the grader's file shows nowhere")

	bad := strings.Replace(buggy, "m[v] = 1", `m[v] = "x"`, 1)
	dir = writeModule(t, bad)
	out = goTest(t, dir, For(1))
	col := strings.Index(strings.Split(bad, "\n")[8], `"x"`) + 1
	assert.Contains(t, out, fmt.Sprintf("buggy.go:9:%d:", col), "a compile error names its own line and column:\n%s", out)
}

func TestScheduleFromSeed(t *testing.T) {
	seen := map[int]bool{}
	for seed := range uint64(200) {
		s := For(seed)
		assert.Equal(t, s, For(seed), "a seed always gives the same schedule")
		assert.Contains(t, procChoices, s.Procs)
		assert.Contains(t, permilleChoices, s.Permille)
		seen[s.Procs] = true
	}
	assert.Len(t, seen, len(procChoices), "seeds spread over every GOMAXPROCS")
	seeds := Seeds(3)
	assert.Equal(t, []uint64{seeds[0], seeds[0] + 1, seeds[0] + 2}, seeds)
	assert.Equal(t, []string{"GOMAXPROCS=1", EnvVar + "=5:100"}, Schedule{Seed: 5, Procs: 1, Permille: 100}.Env())
	v, err := ParseSeed(" 42 ")
	require.NoError(t, err)
	assert.Equal(t, uint64(42), v)
	_, err = ParseSeed("x")
	assert.Error(t, err)
}
