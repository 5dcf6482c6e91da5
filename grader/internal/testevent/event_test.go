package testevent

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/runner"
)

// The inputs are the trace package's fixtures, recorded with each supported Go version (see its
// test file for the commands that record them): NAME.out is a binary's raw stream, NAME.jsonl the
// same stream converted by that version's test2json.

var goVersions = []string{"go1.26", "go1.27"}

func fixtureDir(version string) string {
	return filepath.Join("..", "trace", "testdata", "fixtures", version)
}

func read(t *testing.T, version, file string) []byte {
	data, err := os.ReadFile(filepath.Join(fixtureDir(version), file))
	require.NoError(t, err)
	return data
}

func TestExecution(t *testing.T) {
	for _, v := range goVersions {
		t.Run(v, func(t *testing.T) {
			e := Parse(read(t, v, "testify_fail.jsonl"))
			require.Len(t, e.Tests, 1)
			tc := e.Test("TestSum")
			require.NotNil(t, tc)
			assert.Equal(t, ActionFail, tc.Action)
			assert.Len(t, e.Failed(), 1)
			assert.Empty(t, e.Running())
			assert.Contains(t, strings.Join(tc.Output, ""), "every number should be added")
			assert.NotContains(t, e.Text(), "\x16", "no framing byte reaches the text")
			assert.NotContains(t, e.Text(), "\x0f", "no framing byte reaches the text")
			assert.NotContains(t, e.Text(), "\x0e", "no framing byte reaches the text")

			hang := Parse(read(t, v, "hang_spin.jsonl"))
			require.Len(t, hang.Running(), 1, "a test cut short by the deadline never finishes")
			assert.Equal(t, "TestWait", hang.Running()[0].Name)

			race := Parse(read(t, v, "race_map.jsonl"))
			assert.Contains(t, race.Text(), "WARNING: DATA RACE")
		})
	}
}

// TestAssertionLinesAreTheSameOnBothVersions: the error block of a failing assertion reads the
// same whichever Go produced it (Go 1.27 frames it with 0x0F and 0x0E; its test2json removes them).
func TestAssertionLinesAreTheSameOnBothVersions(t *testing.T) {
	var outs []string
	for _, v := range goVersions {
		tc := Parse(read(t, v, "testify_fail.jsonl")).Test("TestSum")
		require.NotNil(t, tc)
		var lines []string
		for _, l := range tc.Output {
			if !strings.HasPrefix(l, "=== ") && !strings.HasPrefix(l, "--- ") {
				lines = append(lines, l)
			}
		}
		outs = append(outs, strings.Join(lines, ""))
	}
	assert.Equal(t, outs[0], outs[1])
	assert.Contains(t, outs[0], "\tError:      \tNot equal")
}

func TestOutputTypeOfGo127(t *testing.T) {
	var types []OutputType
	for _, ev := range Decode(read(t, "go1.27", "testify_fail.jsonl")) {
		if ev.Action == ActionOutput && ev.Test == "TestSum" {
			types = append(types, ev.OutputType)
		}
	}
	assert.Contains(t, types, OutputError)
	assert.Contains(t, types, OutputErrorContinue)
	assert.Contains(t, types, OutputFrame)
}

// TestConvertMatchesRecording converts each raw stream recorded with the running Go version
// with that toolchain's own test2json, and compares with the recording. `make test` runs the
// grader's tests with both supported versions, so both converters are checked.
func TestConvertMatchesRecording(t *testing.T) {
	v := runtime.Version()
	if parts := strings.SplitN(v, ".", 3); len(parts) >= 2 {
		v = parts[0] + "." + parts[1]
	}
	if !slices.Contains(goVersions, v) {
		t.Skipf("no fixtures recorded with %s", v)
	}
	paths, err := filepath.Glob(filepath.Join(fixtureDir(v), "*.out"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".out")
		t.Run(name, func(t *testing.T) {
			got, err := runner.ConvertOutput(context.Background(), read(t, v, name+".out"))
			require.NoError(t, err)
			assert.Equal(t, string(read(t, v, name+".jsonl")), string(got))
		})
	}
}

func TestDecodeKeepsText(t *testing.T) {
	evs := Decode([]byte("{\"Action\":\"run\",\"Test\":\"TestA\"}\nnot json\n{broken\n\n{\"Action\":\"output\",\"Test\":\"TestA\",\"Output\":\"hi\\n\"}\nlast"))
	require.Len(t, evs, 5)
	assert.Equal(t, Event{Action: ActionOutput, Output: "not json\n"}, evs[1])
	assert.Equal(t, Event{Action: ActionOutput, Output: "{broken\n"}, evs[2])
	assert.Equal(t, "hi\n", evs[3].Output)
	assert.Equal(t, Event{Action: ActionOutput, Output: "last\n"}, evs[4])
}

func TestAllSkipped(t *testing.T) {
	e := Parse([]byte(`{"Action":"run","Test":"TestA"}
{"Action":"output","Test":"TestA","Output":"    a_test.go:5: needs Linux\n"}
{"Action":"skip","Test":"TestA"}
{"Action":"pass"}
`))
	assert.True(t, e.AllSkipped())
	assert.False(t, NewExecution().AllSkipped(), "no test ran: nothing was skipped")
	e.Add(Event{Action: ActionRun, Test: "TestB"})
	e.Add(Event{Action: ActionPass, Test: "TestB"})
	assert.False(t, e.AllSkipped())
}

// FuzzDecode: any input decodes without panicking, and every non-empty line is kept.
func FuzzDecode(f *testing.F) {
	for _, v := range goVersions {
		if data, err := os.ReadFile(filepath.Join(fixtureDir(v), "testify_fail.jsonl")); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("{\"Action\":\"output\"}\nplain\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e := Parse(data)
		_ = e.Text()
		_ = e.Running()
	})
}
