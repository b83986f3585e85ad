#!/usr/bin/env bash
# The longer runs of the attack suite (socket.attack; ./test.sh runs a short one of each):
#   ./attack.sh fuzz [DURATION]     each of the three fuzz targets for DURATION (default 10m)
#   ./attack.sh race [ITERATIONS]   the close races, ITERATIONS per call and thread kind (default 2000)
# Every test JVM runs in a network namespace that has only loopback where the system allows it
# (socket.attack/src/test/isolated/bin/java). Inputs the fuzzers find interesting accumulate in
# socket.attack/.cifuzz-corpus (not committed); a finding is saved as a crash-* file under
# socket.attack/src/test/resources/.../*FuzzTestInputs/, where it then runs with every ./test.sh.
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
what=${1:-}
case $what in
  fuzz)
    exec mvn -B -pl socket.attack -am verify -Dattack.jazzer.fuzz=1 -Dtest=NoTestHere -Dsurefire.failIfNoSpecifiedTests=false \
      -Dattack.fuzz.duration="${2:-10m}" ;;
  race)
    exec mvn -B -pl socket.attack -am verify -Dtest=CloseRaceTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dattack.fuzz.skip=true -Dattack.race.iterations="${2:-2000}" ;;
  *)
    sed -n '2,4p' "$0" >&2
    exit 2 ;;
esac
