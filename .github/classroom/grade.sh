#!/usr/bin/env bash
# The commands of .github/workflows/classroom.yml, kept here so that the grader's own tests run
# exactly what the workflow runs (grader/internal/cli/classroom_test.go).
#
#   grade.sh grade COURSE LEARNER OUT [KATA...]
#       Grades the katas of the learner's checkout LEARNER with the grader, metadata and tests of
#       the course's checkout COURSE (at its pinned ref), never with the learner's. Writes to OUT:
#       results.jsonl (verify --json), results.xml (JUnit), results.ctrf.json (CTRF),
#       classroom.json (the GitHub Classroom result) and progress.html. In a GitHub Actions step
#       the Classroom result is also the step output `result` (base64). A failing kata is a
#       result, not an error: the exit status is 0 unless the grader itself could not grade.
#       LEARNER is the CI's own copy of the learner's repository, and it is changed: its go.mod
#       and go.sum become the course's, and a go.work file or vendor folder is removed, so that
#       no module the learner substitutes (a fake test helper, say) is built. The tamper check,
#       on a checkout of its own, names those files.
#   grade.sh tamper COURSE LEARNER
#       Lists the files the learner must not change (grader/, kata tests, metadata, go.mod,
#       go.sum, the workflow and this script) that differ from the course's; exit 1 if any.
set -euo pipefail

usage() {
	echo "usage: grade.sh grade COURSE LEARNER OUT [KATA...] | grade.sh tamper COURSE LEARNER" >&2
	exit 2
}

[ $# -ge 3 ] || usage
mode=$1
course=$(cd "$2" && pwd)
learner=$(cd "$3" && pwd)
shift 3
if [ "$learner" = "$course" ]; then
	echo "grade.sh: LEARNER must be a checkout of its own, not the course's" >&2
	exit 2
fi
if [ "$mode" = grade ]; then
	[ $# -ge 1 ] || usage
	mkdir -p "$1"
	out=$(cd "$1" && pwd)
	shift
fi
cd "$course"

case $mode in
grade)
	cp go.mod go.sum "$learner/"
	rm -rf "$learner/go.work" "$learner/go.work.sum" "$learner/vendor"
	status=0
	go run ./grader verify --repo "$learner" --json --junit "$out/results.xml" \
		--ctrf "$out/results.ctrf.json" --classroom "$out/classroom.json" "$@" >"$out/results.jsonl" || status=$?
	# 1 means a kata fails: the points say which. 2 and 3 mean nothing was graded.
	if [ "$status" -gt 1 ]; then
		exit "$status"
	fi
	go run ./grader report --repo "$learner" --html "$out/progress.html" >/dev/null
	;;
tamper)
	[ $# -eq 0 ] || usage
	go run ./grader tamper --learner "$learner"
	;;
*)
	usage
	;;
esac
