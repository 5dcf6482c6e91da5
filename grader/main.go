// Command grader grades the Go concurrency katas: run `go run ./grader` from the repository.
// See `go run ./grader --help`, and the package documentation of grader/internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gokatas/grader/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
