package testevent

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Action is what an Event reports.
type Action string

// The actions of cmd/test2json that a test binary's stream produces.
const (
	ActionStart  Action = "start"
	ActionRun    Action = "run"
	ActionPause  Action = "pause"
	ActionCont   Action = "cont"
	ActionPass   Action = "pass"
	ActionFail   Action = "fail"
	ActionSkip   Action = "skip"
	ActionOutput Action = "output"
)

// OutputType classifies an output event (Go 1.27 and later; empty before, and for plain output).
type OutputType string

// The output types of Go 1.27's test2json.
const (
	OutputFrame         OutputType = "frame"          // === RUN, --- FAIL:, PASS, ...
	OutputError         OutputType = "error"          // the first line of a t.Error or t.Fatal block
	OutputErrorContinue OutputType = "error-continue" // the following lines of that block
)

// Event is one event of the stream, as `go test -json` and `go tool test2json` print it.
type Event struct {
	Action     Action     `json:"Action"`
	Test       string     `json:"Test,omitempty"`
	Elapsed    float64    `json:"Elapsed,omitempty"`
	Output     string     `json:"Output,omitempty"`
	OutputType OutputType `json:"OutputType,omitempty"`
}

// Decode reads a stream of JSON events, one per line. A line that is not a JSON event (text a
// tool printed around the events) is kept as package output, so nothing is lost.
func Decode(stream []byte) []Event {
	var evs []Event
	for _, line := range bytes.SplitAfter(stream, []byte("\n")) {
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 {
			continue
		}
		var ev Event
		if trimmed[0] != '{' || json.Unmarshal(trimmed, &ev) != nil || ev.Action == "" {
			text := string(line)
			if !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			ev = Event{Action: ActionOutput, Output: text}
		}
		evs = append(evs, ev)
	}
	return evs
}
