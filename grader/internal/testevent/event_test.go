package testevent

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The inputs are the trace package's recorded fixtures (see its test file for the command that
// regenerates them). Golden event streams are refreshed with:
//
//	go test ./grader/internal/testevent -update

var update = flag.Bool("update", false, "rewrite the golden files")

func convert(t *testing.T, data []byte, chunk int) []Event {
	var evs []Event
	c := NewConverter(func(e Event) { evs = append(evs, e) })
	for len(data) > 0 {
		n := min(chunk, len(data))
		_, err := c.Write(data[:n])
		require.NoError(t, err)
		data = data[n:]
	}
	require.NoError(t, c.Close())
	return evs
}

func fixtures(t *testing.T) map[string][]byte {
	paths, err := filepath.Glob("../trace/testdata/fixtures/*.out")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		out[strings.TrimSuffix(filepath.Base(p), ".out")] = data
	}
	return out
}

func TestConverterChunking(t *testing.T) {
	for name, data := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			whole := convert(t, data, len(data))
			assert.Equal(t, whole, convert(t, data, 1), "byte by byte")
			assert.Equal(t, whole, convert(t, data, 7), "in 7-byte chunks")
			assert.Equal(t, whole, convertLines(t, data), "line by line")
		})
	}
}

func convertLines(t *testing.T, data []byte) []Event {
	var evs []Event
	c := NewConverter(func(e Event) { evs = append(evs, e) })
	for _, l := range strings.SplitAfter(string(data), "\n") {
		_, err := c.Write([]byte(l))
		require.NoError(t, err)
	}
	require.NoError(t, c.Close())
	return evs
}

func TestGoldenEvents(t *testing.T) {
	for _, name := range []string{"testify_fail", "race_map", "hang_spin"} {
		t.Run(name, func(t *testing.T) {
			data := fixtures(t)[name]
			var b strings.Builder
			for _, e := range convert(t, data, len(data)) {
				line, err := json.Marshal(e)
				require.NoError(t, err)
				b.Write(line)
				b.WriteByte('\n')
			}
			path := filepath.Join("testdata", name+".jsonl")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), b.String())
		})
	}
}

func TestExecution(t *testing.T) {
	e := Parse(fixtures(t)["testify_fail"])
	require.Len(t, e.Tests, 1)
	tc := e.Test("TestSum")
	require.NotNil(t, tc)
	assert.Equal(t, ActionFail, tc.Action)
	assert.Len(t, e.Failed(), 1)
	assert.Empty(t, e.Running())
	assert.Contains(t, strings.Join(tc.Output, ""), "every number should be added")

	hang := Parse(fixtures(t)["hang_spin"])
	require.Len(t, hang.Running(), 1, "a test cut short by the deadline never finishes")
	assert.Equal(t, "TestWait", hang.Running()[0].Name)
}

func TestFramingMidLine(t *testing.T) {
	// A test that prints without a final newline: the frame still starts a new line.
	e := Parse([]byte("\x16=== RUN   TestA\nno newline\x16--- PASS: TestA (0.00s)\n\x16PASS\n"))
	require.Len(t, e.Tests, 1)
	assert.Equal(t, ActionPass, e.Tests[0].Action)
	assert.Equal(t, "no newline\n", e.Tests[0].Output[1])
}

// FuzzConverter: any input converts without panicking, the same way in any chunking.
func FuzzConverter(f *testing.F) {
	f.Add([]byte("\x16=== RUN   TestA\nhello\n\x16--- FAIL: TestA (0.01s)\n\x16FAIL\n"), 3)
	f.Fuzz(func(t *testing.T, data []byte, chunk int) {
		if chunk <= 0 || chunk > len(data)+1 {
			chunk = 1
		}
		assert.Equal(t, convert(t, data, len(data)+1), convert(t, data, chunk))
	})
}
