package runner

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

// racePlatforms are those `go help build` lists for -race.
var racePlatforms = []string{
	"darwin/amd64", "darwin/arm64", "freebsd/amd64", "linux/amd64", "linux/arm64",
	"linux/ppc64le", "linux/riscv64", "windows/amd64",
}

// RaceSupport reports whether `go test -race` can work here, and if not, why, in one sentence.
func RaceSupport() (ok bool, why string, err error) {
	if _, err := exec.LookPath(GoCommand); err != nil {
		return false, "", ErrNoGo
	}
	env, err := goEnv()
	if err != nil {
		return false, "", err
	}
	platform := env["GOOS"] + "/" + env["GOARCH"]
	switch {
	case !slices.Contains(racePlatforms, platform):
		return false, fmt.Sprintf("the race detector does not support %s", platform), nil
	case env["CGO_ENABLED"] != "1":
		return false, "the race detector needs cgo, and CGO_ENABLED is 0", nil
	}
	if cc := strings.Fields(env["CC"]); len(cc) > 0 {
		if _, err := exec.LookPath(cc[0]); err != nil {
			return false, fmt.Sprintf("the race detector needs a C compiler, and %s was not found", cc[0]), nil
		}
	}
	return true, "", nil
}
