#!/usr/bin/env bash
# Runs every test: unit tests against the real kernel on loopback, the CPython interop
# tests, and the Pax Exam tests inside a live Felix (mvn verify, with a JDK >= 25).
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
mvn -B verify "$@"

# Semantic versioning is enforced: a breaking API change without a major version fails.
bin/check-baseline.sh

# A broken forked JVM can make failsafe report zero integration tests and still pass:
# when the Pax Exam module ran, it must have run tests; each of its two executions (the
# second, with the io_uring provider alone, unless -Dskip.uring.suite=true) writes a summary.
check_summary() { # $1: the summary file, $2: what ran
  local summary=$1 completed
  if [ -f "$summary" ]; then
    completed=$(sed -n 's:.*<completed>\([0-9]*\)</completed>.*:\1:p' "$summary")
    if [ "${completed:-0}" -eq 0 ]; then
      echo "error: the Pax Exam tests (socket.itest, $2) ran no test" >&2
      exit 1
    fi
    echo "Pax Exam tests completed ($2): $completed"
  fi
}
check_summary socket.itest/target/failsafe-reports/failsafe-summary.xml "itest.provider, default native"
check_summary socket.itest/target/failsafe-reports-uring/failsafe-summary.xml "uring provider alone"
