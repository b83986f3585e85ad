#!/usr/bin/env bash
# Runs every test: unit tests against the real kernel on loopback, the CPython interop
# tests, and the Pax Exam tests inside a live Felix (mvn verify, with a JDK >= 22).
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
exec mvn -B verify "$@"
