package buildscript

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Command is one tool the go command ran for a package.
type Command struct {
	ImportPath string   // the package it ran for, as the event names it ("p [p.test]", "p.test")
	Tool       string   // the tool's base name without ".exe": "compile", "vet", "link", "gcc", ...
	Dir        string   // the folder it ran in ("" for the go command's own)
	Env        []string // NAME=value set on its command line
	Args       []string // the command line; Args[0] is the tool
}

// Parser reads the script event by event, in order.
type Parser struct {
	Root string                       // the go command's working folder
	Own  func(importPath string) bool // the packages whose commands are kept

	// Work is the go command's work folder, from its "WORK=" line.
	Work string
	// Commands are the tools run for the Own packages, in order.
	Commands []Command
	// Unreadable is set when an Own package's part of the script had a line that is neither
	// the go command's script nor a command it could split (a tool's output, such as a
	// compile error, or quoting it does not understand).
	Unreadable bool

	dir     string // the script's current folder
	heredoc bool
}

// Dir is the script's current folder, as its last "cd" set it.
func (p *Parser) Dir() string { return p.dir }

// Add takes one build-output event's text, for the package importPath ("" for the go
// command's own lines), and returns the lines that are not the script.
func (p *Parser) Add(importPath, output string) []string {
	own := p.Own != nil && p.Own(importPath)
	var other []string
	sc := bufio.NewScanner(strings.NewReader(output))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := sc.Text()
		if p.heredoc {
			p.heredoc = line != "EOF"
			continue
		}
		switch {
		case strings.HasPrefix(line, "cat >") && strings.Contains(line, " << 'EOF'"):
			p.heredoc = true
		case strings.HasPrefix(line, "cd "):
			p.dir = strings.TrimPrefix(line, "cd ")
			if p.dir == "." {
				p.dir = p.Root
			}
		case strings.HasPrefix(line, "WORK="):
			p.Work = strings.TrimPrefix(line, "WORK=")
		case line == "":
		case strings.HasPrefix(line, "# "): // a header before a tool's output
			other = append(other, line)
		case !IsScriptLine(line):
			other = append(other, line)
			p.Unreadable = p.Unreadable || own
		case !own:
		case strings.HasSuffix(line, " # internal") || strings.HasPrefix(line, "mkdir -p ") || strings.HasPrefix(line, "mv "):
		default:
			env, args, ok := SplitCommand(line)
			if !ok || len(args) == 0 {
				p.Unreadable = true
				continue
			}
			tool := filepath.Base(args[0])
			if isProgram(args[0]) {
				tool = strings.TrimSuffix(tool, exeSuffix)
			} else {
				tool = args[0] // a shell command of the script ("cp", "rm -r", ...) or a bare name
			}
			p.Commands = append(p.Commands, Command{ImportPath: importPath, Tool: tool, Dir: p.dir, Env: env, Args: args})
		}
	}
	return other
}

// IsScriptLine reports whether a line of -x output is one of the go command's own commands
// rather than output of a tool.
func IsScriptLine(line string) bool {
	for _, prefix := range []string{"WORK=", "mkdir -p ", "cd ", "mv ", "cp ", "rm -r", "ln -s ", "touch ", "echo "} {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	if strings.HasSuffix(line, " # internal") {
		return true
	}
	_, args, ok := SplitCommand(line)
	return ok && len(args) > 0 && (isProgram(args[0]) || slices.Contains([]string{"gcc", "clang", "cc", "g++", "clang++", "ar"}, args[0]))
}

var exeSuffix = map[bool]string{true: ".exe"}[runtime.GOOS == "windows"]

// isProgram reports whether path names an executable file, as a tool the go command runs does
// (a compile error's "file.go:3:1:" does not).
func isProgram(path string) bool {
	if !filepath.IsAbs(path) {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && (st.Mode()&0o111 != 0 || exeSuffix != "")
}

var envAssign = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=('[^']*'|"(?:[^"\\]|\\.)*")`)

// SplitCommand splits a command line as the go command prints it: NAME='value' or
// NAME="value" assignments, then words, each bare or a Go-quoted string.
func SplitCommand(line string) (env, args []string, ok bool) {
	for s := strings.TrimSpace(line); s != ""; s = strings.TrimLeft(s, " ") {
		var word string
		switch {
		case s[0] == '"':
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, nil, false
			}
			word, _ = strconv.Unquote(q)
			s = s[len(q):]
		case len(args) == 0 && envAssign.MatchString(s):
			m := envAssign.FindString(s)
			name, val := m[:strings.IndexByte(m, '=')], m[strings.IndexByte(m, '=')+1:]
			if val[0] == '"' {
				v, err := strconv.Unquote(val)
				if err != nil {
					return nil, nil, false
				}
				val = v
			} else {
				val = val[1 : len(val)-1]
			}
			env = append(env, name+"="+val)
			s = s[len(m):]
			continue
		default:
			end := strings.IndexByte(s, ' ')
			if end < 0 {
				end = len(s)
			}
			word = s[:end]
			if strings.ContainsAny(word, `"'`) {
				return nil, nil, false
			}
			s = s[end:]
		}
		args = append(args, word)
	}
	return env, args, true
}
