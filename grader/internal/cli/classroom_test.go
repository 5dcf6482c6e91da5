package cli

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gokatas/grader/internal/diagnose"
	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/render"
	"gokatas/grader/internal/verdict"
)

// courseRoot is the repository these tests run in: the course.
func courseRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	return root
}

// learnerClone copies the course's files a learner's repository holds (what GitHub Classroom
// creates from the template) into a new folder, with the katas listed solved by their
// reference solutions.
func learnerClone(t *testing.T, root string, solved ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "katas", "grader", ".github"} {
		src := filepath.Join(root, p)
		fi, err := os.Stat(src)
		require.NoError(t, err)
		if !fi.IsDir() {
			data, err := os.ReadFile(src)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, p), data, 0o644))
			continue
		}
		require.NoError(t, os.CopyFS(filepath.Join(dir, p), os.DirFS(src)))
	}
	// CopyFS keeps no modes: the copies must stay writable for TempDir's cleanup.
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o755)
		}
		return os.Chmod(p, 0o644)
	}))
	for _, k := range solved {
		sol, err := os.ReadFile(filepath.Join(root, "solutions", k, "kata.go"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "katas", k, "kata.go"), sol, 0o644))
	}
	return dir
}

// classroomResult is the reporter's format 1, read strictly (an unknown field fails).
type classroomResult struct {
	Version  int    `json:"version"`
	Status   string `json:"status"`
	MaxScore int    `json:"max_score"`
	Tests    []struct {
		Name     string `json:"name"`
		Status   string `json:"status"`
		Score    int    `json:"score"`
		Message  string `json:"message"`
		TestCode string `json:"test_code"`
		Filename string `json:"filename"`
		LineNo   int    `json:"line_no"`
		Duration int64  `json:"duration"`
	} `json:"tests"`
}

func decodeResult(t *testing.T, data []byte) classroomResult {
	t.Helper()
	var res classroomResult
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&res), "%s", data)
	return res
}

// stepOutput reads the output named name from a $GITHUB_OUTPUT file.
func stepOutput(t *testing.T, path, name string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var got []string
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), name+"="); ok {
			got = append(got, v)
		}
	}
	require.Len(t, got, 1, "one %s output in %s", name, data)
	return got[0]
}

// TestClassroomWorkflow runs the classroom workflow's commands (.github/classroom/grade.sh,
// which the workflow calls) on a learner's clone with three of four katas solved, whose grader
// was edited to give every kata its points and whose go.mod was edited too: the learner's own
// grader gives every point, the course's grader still gives the true result, and the tamper
// check names the edited files.
func TestClassroomWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("grades four real katas twice (about 30 s)")
	}
	for _, tool := range []string{"go", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the %s command is needed", tool)
		}
	}
	root := courseRoot(t)
	cat, err := kata.Load(filepath.Join(root, filepath.FromSlash(kata.MetadataPath)))
	require.NoError(t, err)
	ks := cat.Katas[:4]
	solved := []string{ks[0].Dir, ks[1].Dir, ks[3].Dir}
	learner := learnerClone(t, root, solved...)

	// The learner's edit: every kata scores its points, whatever its verdict.
	edited := filepath.Join(learner, "grader", "internal", "render", "classroom.go")
	src, err := os.ReadFile(edited)
	require.NoError(t, err)
	cheat := strings.Replace(string(src), "if c.Verdict == verdict.Pass {", "if true {", 1)
	cheat = strings.Replace(cheat, "classroomStatus(c.Verdict)", `"pass"`, 1)
	require.NotEqual(t, string(src), cheat)
	require.NoError(t, os.WriteFile(edited, []byte(cheat), 0o644))

	refs := []string{ks[0].Name, ks[1].Name, ks[2].Name, ks[3].Name}
	maxScore := 0
	for _, k := range ks {
		maxScore += k.Points()
	}

	// The learner's own grader, run from their checkout, would give every point.
	own := exec.Command("go", append([]string{"run", "./grader", "verify", "--classroom", "own.json"}, refs...)...)
	own.Dir = learner
	own.Env = append(os.Environ(), "GITHUB_OUTPUT=", "NO_COLOR=1")
	out, err := own.CombinedOutput()
	require.Error(t, err, "kata %s is not solved: %s", ks[2].Name, out)
	data, err := os.ReadFile(filepath.Join(learner, "own.json"))
	require.NoError(t, err)
	cheated := decodeResult(t, data)
	require.Equal(t, "pass", cheated.Status, "the edited grader cheats")
	require.Equal(t, maxScore, sumScores(cheated))
	require.NoError(t, os.Remove(filepath.Join(learner, "own.json")))

	// The learner's go.mod now points a module the tests use at nothing: built with it, no kata
	// would compile.
	gomod := filepath.Join(learner, "go.mod")
	mod, err := os.ReadFile(gomod)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(gomod, append(mod, "\nreplace go.uber.org/goleak => ./nowhere\n"...), 0o644))

	// The tamper check, which the workflow runs on a checkout of its own, names both edits.
	tamper := exec.Command("bash", filepath.Join(root, ".github", "classroom", "grade.sh"), "tamper", root, learner)
	out, err = tamper.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "%s", out)
	assert.Equal(t, ExitFail, exit.ExitCode())
	assert.Contains(t, string(out), "differs from the course's in 2 file(s)")
	assert.Contains(t, string(out), "\n  changed go.mod\n  changed grader/internal/render/classroom.go\n")

	// The workflow's commands, as the workflow runs them: the course's grader grades.
	// From the workspace that holds the learner's checkout, with relative paths, as in the workflow.
	workspace, learnerRel := filepath.Split(learner)
	results := filepath.Join(workspace, "results")
	ghOut := filepath.Join(t.TempDir(), "github_output")
	grade := exec.Command("bash", append([]string{filepath.Join(root, ".github", "classroom", "grade.sh"), "grade", root, learnerRel, "results"}, refs...)...)
	grade.Dir = workspace
	grade.Env = append(os.Environ(), "GITHUB_OUTPUT="+ghOut, "NO_COLOR=1")
	out, err = grade.CombinedOutput()
	require.NoError(t, err, "%s", out)

	b64 := stepOutput(t, ghOut, "result")
	data, err = base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err)
	res := decodeResult(t, data)
	file, err := os.ReadFile(filepath.Join(results, "classroom.json"))
	require.NoError(t, err)
	assert.JSONEq(t, string(file), string(data), "the step output is the result file")

	assert.Equal(t, 1, res.Version)
	assert.Equal(t, "fail", res.Status)
	assert.Equal(t, maxScore, res.MaxScore)
	require.Len(t, res.Tests, 4)
	passing, points := 0, 0
	for i, tc := range res.Tests {
		k := ks[i]
		assert.Equal(t, fmt.Sprintf("%02d %s", k.Order, k.Name), tc.Name)
		assert.Equal(t, "go run ./grader run "+k.Name, tc.TestCode)
		if tc.Status == "pass" {
			passing++
			points += tc.Score
			assert.Equal(t, k.Points(), tc.Score)
		} else {
			assert.Zero(t, tc.Score)
		}
	}
	assert.Equal(t, 3, passing)
	assert.Equal(t, maxScore-ks[2].Points(), points)
	assert.Equal(t, "fail", res.Tests[2].Status, "the unsolved kata fails, whatever the learner's grader says")

	// Each message is the diagnosis the learner sees, from the same grading's JSON lines.
	lines := readJSONLines(t, filepath.Join(results, "results.jsonl"))
	require.Len(t, lines, 4)
	for i, l := range lines {
		tc := res.Tests[i]
		assert.Equal(t, ks[i].Name, l.Kata)
		if l.Verdict == verdict.Pass {
			assert.Equal(t, "pass", tc.Status)
			assert.Empty(t, tc.Message)
			continue
		}
		var b strings.Builder
		render.Findings(&b, render.Style{}, func(p string) ([]string, error) {
			return render.ReadSource(filepath.Join(learner, p))
		}, l.Findings)
		want := render.Clip(strings.TrimRight(b.String(), "\n"), render.ClassroomMessageLimit)
		assert.Equal(t, want, tc.Message)
		assert.NotEmpty(t, tc.Message)
		loc := l.Findings[0].Locations[0]
		assert.Equal(t, loc.File, tc.Filename, "the first location, relative to the learner's repository")
		assert.Equal(t, loc.Line, tc.LineNo)
		assert.True(t, strings.HasPrefix(tc.Filename, ks[i].KataDir()+"/"), tc.Filename)
	}
	for _, f := range []string{"results.xml", "results.ctrf.json", "progress.html"} {
		assert.FileExists(t, filepath.Join(results, f))
	}

	assert.NotContains(t, string(out), "katas/"+ks[0].Dir, "a solved kata is the learner's work, not tampering")
	restored, err := os.ReadFile(gomod)
	require.NoError(t, err)
	assert.Equal(t, string(mod), string(restored), "grading put the course's go.mod in the learner's copy")
}

func sumScores(r classroomResult) int {
	n := 0
	for _, tc := range r.Tests {
		n += tc.Score
	}
	return n
}

type jsonLine struct {
	Kata   string `json:"kata"`
	Course string `json:"course"`
	diagnose.Report
}

func readJSONLines(t *testing.T, path string) []jsonLine {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []jsonLine
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var l jsonLine
		require.NoError(t, json.Unmarshal(sc.Bytes(), &l))
		require.NotEmpty(t, l.Course)
		out = append(out, l)
	}
	require.NoError(t, sc.Err())
	return out
}
