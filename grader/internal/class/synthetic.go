package class

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"gokatas/grader/internal/kata"
	"gokatas/grader/internal/verdict"
)

// Synthetic makes the results of a class of n made-up learners, as `grader verify --json`
// writes them, for the class page's tests and measurements (grader/cmd/classgen). It returns
// learner name -> JSON lines. Each learner has worked through the course in order up to a
// point drawn at random (most learners early in it, a few far on), with now and then a kata
// left behind; an unsolved kata fails with its declared failure, or one time in six with
// another (a wrong fix). The findings are placeholders that say they are synthetic. The same
// seed gives the same class.
func Synthetic(cat *kata.Catalogue, course string, n int, seed uint64) map[string][]byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	wrong := []verdict.Verdict{verdict.Race, verdict.Deadlock, verdict.Leak, verdict.Fail, verdict.Panic, verdict.BuildError}
	out := map[string][]byte{}
	for i := range n {
		name := fmt.Sprintf("learner-%03d", i+1)
		// The product of two uniform draws: most learners early, a few nearly done.
		reach := int(rng.Float64() * rng.Float64() * float64(len(cat.Katas)+1))
		if i%17 == 0 {
			reach = len(cat.Katas)
		}
		var b bytes.Buffer
		for j, k := range cat.Katas {
			v := verdict.Pass
			if j >= reach || rng.IntN(25) == 0 {
				v = k.Verdict()
				if rng.IntN(6) == 0 {
					v = wrong[rng.IntN(len(wrong))]
				}
			}
			line := syntheticLine{Kata: k.Name, Order: k.Order, Track: k.Track, Declared: k.Failure, Course: course,
				Dir: k.KataDir(), Package: "gokatas/" + k.KataDir(), Verdict: v, Runs: 1, DurationMS: 300 + rng.Int64N(1500), Findings: []syntheticFinding{}}
			if v != verdict.Pass {
				line.FailedRuns = 1
				line.Findings = append(line.Findings, syntheticFinding{Kind: v,
					Summary:   fmt.Sprintf("%s (synthetic result)", v.Words()),
					Locations: []syntheticLocation{{File: k.KataDir() + "/" + k.Files[0], Line: 10 + rng.IntN(40), Role: "failed"}}})
			}
			data, err := json.Marshal(line)
			if err != nil {
				panic(err) // plain values only
			}
			b.Write(data)
			b.WriteByte('\n')
		}
		out[name] = b.Bytes()
	}
	return out
}

// syntheticLine has the fields of a line of `grader verify --json`.
type syntheticLine struct {
	Kata       string             `json:"kata"`
	Order      int                `json:"order"`
	Track      string             `json:"track"`
	Declared   string             `json:"declared_failure"`
	Course     string             `json:"course"`
	Dir        string             `json:"dir"`
	Package    string             `json:"package"`
	Verdict    verdict.Verdict    `json:"verdict"`
	Runs       int                `json:"runs"`
	FailedRuns int                `json:"failed_runs"`
	DurationMS int64              `json:"duration_ms"`
	Findings   []syntheticFinding `json:"findings"`
}

type syntheticFinding struct {
	Kind      verdict.Verdict     `json:"kind"`
	Summary   string              `json:"summary"`
	Locations []syntheticLocation `json:"locations"`
}

type syntheticLocation struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Role string `json:"role"`
}
