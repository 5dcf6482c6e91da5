package testevent

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// Action is what an Event reports.
type Action string

// The actions of cmd/test2json that a test binary's stream produces.
const (
	ActionRun    Action = "run"
	ActionPause  Action = "pause"
	ActionCont   Action = "cont"
	ActionPass   Action = "pass"
	ActionFail   Action = "fail"
	ActionSkip   Action = "skip"
	ActionOutput Action = "output"
)

// Event is one event of the stream, as in `go test -json`.
type Event struct {
	Action  Action  `json:"Action"`
	Test    string  `json:"Test,omitempty"`
	Elapsed float64 `json:"Elapsed,omitempty"`
	Output  string  `json:"Output,omitempty"`
}

// marker precedes framing lines in -test.v=test2json mode.
const marker = '\x16'

var (
	frameRE  = regexp.MustCompile(`^=== (RUN|PAUSE|CONT|NAME)\s+(.*)$`)
	resultRE = regexp.MustCompile(`^\s*--- (PASS|FAIL|SKIP): (\S+) \(([0-9.]+)s\)`)
)

// Converter turns a -test.v=test2json byte stream into Events.
// Write may be called with chunks of any size; Close flushes a final partial line.
type Converter struct {
	emit    func(Event)
	partial []byte
	current string // the test that plain output belongs to
}

// NewConverter returns a Converter that calls emit for every event, in order.
func NewConverter(emit func(Event)) *Converter { return &Converter{emit: emit} }

// Write implements io.Writer. It never fails.
func (c *Converter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			c.partial = append(c.partial, p...)
			break
		}
		line := p[:i+1]
		if len(c.partial) > 0 {
			line = append(c.partial, line...)
			c.partial = nil
		}
		c.line(string(line))
		p = p[i+1:]
	}
	return n, nil
}

// Close flushes a final line that had no newline.
func (c *Converter) Close() error {
	if len(c.partial) > 0 {
		c.line(string(c.partial))
		c.partial = nil
	}
	return nil
}

func (c *Converter) line(line string) {
	// A framing marker may appear in the middle of a line when a test printed without a final
	// newline: what comes before it is output, what follows is the frame.
	if i := strings.IndexByte(line, marker); i >= 0 {
		if i > 0 {
			c.emit(Event{Action: ActionOutput, Test: c.current, Output: line[:i] + "\n"})
		}
		c.frame(line[i+1:])
		return
	}
	c.emit(Event{Action: ActionOutput, Test: c.current, Output: line})
}

func (c *Converter) frame(line string) {
	text := strings.TrimRight(line, "\r\n")
	if m := frameRE.FindStringSubmatch(text); m != nil {
		name := strings.TrimSpace(m[2])
		switch m[1] {
		case "RUN":
			c.current = name
			c.emit(Event{Action: ActionRun, Test: name})
		case "PAUSE":
			c.emit(Event{Action: ActionPause, Test: name})
			c.current = ""
		case "CONT":
			c.current = name
			c.emit(Event{Action: ActionCont, Test: name})
		case "NAME":
			c.current = name
		}
		c.emit(Event{Action: ActionOutput, Test: c.current, Output: line})
		return
	}
	if m := resultRE.FindStringSubmatch(text); m != nil {
		elapsed, _ := strconv.ParseFloat(m[3], 64)
		c.emit(Event{Action: ActionOutput, Test: m[2], Output: line})
		c.emit(Event{Action: Action(strings.ToLower(m[1])), Test: m[2], Elapsed: elapsed})
		if c.current == m[2] {
			c.current = parent(m[2])
		}
		return
	}
	// PASS, FAIL, ok and other package-level framing.
	c.current = ""
	c.emit(Event{Action: ActionOutput, Output: line})
}

func parent(test string) string {
	if i := strings.LastIndexByte(test, '/'); i >= 0 {
		return test[:i]
	}
	return ""
}
