package runner

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"sync"
)

// goEnvKeys are the settings of the go command that decide what a build produces, and how.
var goEnvKeys = []string{
	"GOVERSION", "GOROOT", "GOOS", "GOARCH", "GOEXPERIMENT", "GOFIPS140", "GOFLAGS", "GOWORK", "GOTOOLCHAIN",
	"GOAMD64", "GOARM", "GOARM64", "GO386", "GOPPC64", "GORISCV64", "GOMIPS", "GOMIPS64", "GOWASM",
	"CGO_ENABLED", "CC", "CXX", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS",
}

// toolEnvKeys are the settings the compiler and linker read from their environment.
var toolEnvKeys = []string{
	"GOROOT", "GOOS", "GOARCH", "GOEXPERIMENT", "GOFIPS140",
	"GOAMD64", "GOARM", "GOARM64", "GO386", "GOPPC64", "GORISCV64", "GOMIPS", "GOMIPS64", "GOWASM",
}

// goEnv asks the go command for its settings, once per process: `go env` reads the
// environment, the go env file and the toolchain's defaults, as a build does.
var goEnv = sync.OnceValues(func() (map[string]string, error) {
	out, err := exec.Command(GoCommand, append([]string{"env", "-json"}, goEnvKeys...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("running go env: %w", err)
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, fmt.Errorf("reading go env: %w", err)
	}
	return env, nil
})
