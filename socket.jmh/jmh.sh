#!/usr/bin/env bash
# The per-call floor: one call on a ready socket, ours (the public API) against JDK NIO against
# the bare FFM downcall of the same libc function, with JMH; prints ns per call and each
# one's overhead over the bare downcall (Markdown). Also run as `./bench.sh jmh`.
#   socket.jmh/jmh.sh                 every benchmark: 1 fork, 3 x 1 s warm-up, 5 x 1 s measured
#   socket.jmh/jmh.sh 'Stream.recv'   those matching a regular expression; JMH options may follow
#                                     (e.g. -f 3 -i 10) and replace the defaults they name
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
echo "building (mvn package)..." >&2
mvn -B -q -DskipTests package -pl socket.jmh -am >&2
CP=socket.jmh/target/socket.jmh-0.1.0-SNAPSHOT.jar$(printf ':%s' socket.jmh/target/lib/*.jar)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# JMH refuses an option given twice: a default goes only where the caller did not name it
opts=()
for d in "-f 1" "-wi 3" "-w 1s" "-i 5" "-r 1s"; do
  # shellcheck disable=SC2086
  [[ " $* " == *" ${d%% *} "* ]] || opts+=($d)
done
java -cp "$CP" org.openjdk.jmh.Main "${opts[@]}" -prof org.bsdsock.socket.jmh.CpuPerOp -rf json -rff "$out/jmh.json" "$@" >&2
python3 socket.jmh/table.py "$out/jmh.json"
