package trace

import (
	"regexp"
	"strconv"
	"strings"
)

// Access is one side of a data race.
type Access struct {
	Write     bool
	Atomic    bool
	Previous  bool // the earlier of the two accesses
	Goroutine int  // 0 for the main goroutine
	Frames    []Frame
}

// Race is one WARNING: DATA RACE report.
type Race struct {
	Accesses []Access
	Created  map[int][]Frame // where each goroutine involved was started
}

var (
	accessRE  = regexp.MustCompile(`^(Previous )?(?i:(atomic )?(read|write))(?: of size \d+)? at 0x[0-9a-f]+ by (main goroutine|goroutine (\d+)):$`)
	createdRE = regexp.MustCompile(`^Goroutine (\d+) \([^)]*\) created at:$`)
)

// ParseRaces returns every data race report in text.
func ParseRaces(text string) []Race {
	lines := splitLines(text)
	var out []Race
	for i := 0; i < len(lines); i++ {
		if lines[i] != "WARNING: DATA RACE" {
			continue
		}
		r := Race{Created: map[int][]Frame{}}
		j := i + 1
		for ; j < len(lines) && !strings.HasPrefix(lines[j], "=================="); j++ {
			if m := accessRE.FindStringSubmatch(lines[j]); m != nil {
				a := Access{
					Previous: m[1] != "",
					Atomic:   m[2] != "",
					Write:    strings.EqualFold(m[3], "write"),
				}
				a.Goroutine, _ = strconv.Atoi(m[5])
				a.Frames, _, _, j = readStack(lines, j+1)
				j--
				r.Accesses = append(r.Accesses, a)
				continue
			}
			if m := createdRE.FindStringSubmatch(lines[j]); m != nil {
				id, _ := strconv.Atoi(m[1])
				var frames []Frame
				frames, _, _, j = readStack(lines, j+1)
				j--
				r.Created[id] = frames
			}
		}
		out = append(out, r)
		i = j
	}
	return out
}
