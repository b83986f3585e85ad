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
# when the Pax Exam module ran, it must have run tests.
summary=socket.itest/target/failsafe-reports/failsafe-summary.xml
if [ -f "$summary" ]; then
  completed=$(sed -n 's:.*<completed>\([0-9]*\)</completed>.*:\1:p' "$summary")
  if [ "${completed:-0}" -eq 0 ]; then
    echo "error: the Pax Exam tests (socket.itest) ran no test" >&2
    exit 1
  fi
  echo "Pax Exam tests completed: $completed"
fi
