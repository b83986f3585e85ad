#!/usr/bin/env bash
# Where a workload's CPU goes: perf samples (cpu-clock, call graphs through frame pointers,
# JIT-compiled Java named from the JVM's perf map) of one run's measured window, summed by
# where the CPU was (kernel, libc, the JVM, compiled Java and its stubs, C) and by symbol.
#   socket.bench/profile.sh w1 ours|nio|c [perf report options]
# Run ./bench.sh once first (it builds the jar and the C program). WARMUP/MEASURE as for
# bench.sh (default 3 s and 4 s here; W7 as in bench.sh); the recording skips the warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
w=$1 impl=$2
shift 2
WARMUP=${WARMUP:-3}
MEASURE=${MEASURE:-4}
CP=socket.bench/target/socket.bench-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.api-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.provider.native-0.1.0-SNAPSHOT.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pin=()
case $w in w1|w1s|w3|w4|w5) pin=(taskset -c 0) ;; esac
if [ "$impl" = c ]; then
  cmd=("${pin[@]}" socket.bench/target/cbench "$w" --warmup "$WARMUP" --measure "$MEASURE")
  [ "$w" = w7 ] && cmd+=(-- "$JAVA_HOME/bin/java" -cp "$CP" org.bsdsock.socket.bench.Bench peer7)
  delay=$(python3 -c "print(int($WARMUP * 1000 + (1500 if '$w' == 'w7' else 100)))")
else
  vt=()
  [ "$w" = w7 ] && vt=(-Djdk.virtualThreadScheduler.parallelism=2 -Djdk.virtualThreadScheduler.maxPoolSize=2)
  cmd=("${pin[@]}" java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC
       -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit "${vt[@]}"
       -Dbench.warmup="$WARMUP" -Dbench.measure="$MEASURE" -cp "$CP" org.bsdsock.socket.bench.Bench "$w" "$impl")
  # JVM start-up (about 0.5 s here; W7 also connects 10,000 sockets) and the warm-up
  delay=$(python3 -c "print(int($WARMUP * 1000 + (3000 if '$w' == 'w7' else 700)))")
fi
# Only the benchmark's own process is reported (W7's load generator is its child): its pid is
# the one the wrapper below has before it execs the command.
perf record -q -F 997 -g -D "$delay" -o "$out/perf.data" -- \
  bash -c 'echo $$ > "$0"; exec "$@"' "$out/pid" "${cmd[@]}" 2> "$out/stderr" | grep RESULT >&2 ||
  { cat "$out/stderr" >&2; exit 1; }
# perf resolves JIT code through /tmp/perf-PID.map, written at the JVM's exit
report=(perf report -i "$out/perf.data" --pid "$(cat "$out/pid")" --stdio --no-children -g none)
"${report[@]}" --sort dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
echo
"${report[@]}" --sort dso,sym --percent-limit 0.7 "$@" 2>/dev/null |
  grep -v '^#' | grep -v '^$' | head -60
