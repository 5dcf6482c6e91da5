# The repository's own checks. Katas fail on purpose, so never run a bare `go test ./...`.
GO ?= go
# The other supported Go release: `make test` runs the grader's tests and dev check with it too.
# The go command fetches it from the module proxy on first use (GOTOOLCHAIN), about 10 s.
GO_OTHER ?= go1.27.3

.PHONY: test test-other test-grader test-solutions test-browser check grade lint cross handouts snapshot bench eval-diagnose

## test: everything CI runs: lint, cross-builds, the grader's tests, the solutions under -race, dev check,
## then the grader's tests and dev check again with the other supported Go ($(GO_OTHER))
test: lint cross test-grader test-solutions check test-other

## test-other: the grader's tests and dev check with the other supported Go release (its wrong and
## right fixes with 10 runs each: the 20-run proof is the first release's; this is the check that
## Go's output on this release changes no verdict and hides no phrase)
test-other:
	GOTOOLCHAIN=$(GO_OTHER) $(GO) version
	GOTOOLCHAIN=$(GO_OTHER) $(MAKE) --no-print-directory test-grader check CHECK_FLAGS=--fix-runs=10

## test-grader: the grader's unit and end-to-end tests
test-grader:
	$(GO) test -race -count=1 ./grader/...

## test-solutions: every reference solution, under the race detector
test-solutions:
	GORACE=atexit_sleep_ms=0 $(GO) test -race -count=1 -timeout 120s ./solutions/...

## check: the maintainer's gate (every stub fails as declared, every solution passes, N runs)
check:
	$(GO) run ./grader dev check $(CHECK_FLAGS)

## cross: the grader builds for macOS and Windows too
cross:
	GOOS=darwin GOARCH=arm64 $(GO) build -o /dev/null ./grader
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./grader

## test-browser: render the handouts and the class page in headless Chromium (required here, skipped by
## test-grader without it)
test-browser:
	GRADER_BROWSER_TEST=1 $(GO) test -count=1 -run TestBrowser ./grader/internal/handout/ ./grader/internal/render/

## handouts: regenerate docs/handouts from the READMEs and the metadata
handouts:
	$(GO) run ./grader handout --format md --out docs/handouts

## snapshot: regenerate the grader's embedded copy of the katas after changing one
snapshot:
	$(GO) run ./grader dev snapshot

## bench: the grader against plain go test -race, side by side, on both supported Go releases
## (see docs/performance.md; the cold measurement empties the build cache, so it runs once)
bench:
	$(GO) run ./grader/cmd/bench
	GOTOOLCHAIN=$(GO_OTHER) $(GO) run ./grader/cmd/bench -skip-cold -skip-devcheck

## eval-diagnose: detection rate of the diagnosis on the bug corpus (grader/testdata/corpus)
eval-diagnose:
	$(GO) test -count=1 -timeout 30m -run TestCorpus ./grader/internal/grade -corpus -v

## grade: the learner's command
grade:
	$(GO) run ./grader

## lint: gofmt and go vet on the code that must be clean
lint:
	@out=$$(gofmt -l grader katas solutions); \
	if [ -n "$$out" ]; then echo "gofmt -l lists:"; echo "$$out"; exit 1; fi
	$(GO) vet ./grader/... ./solutions/...
