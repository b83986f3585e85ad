#!/usr/bin/env bash
# Where a workload's CPU goes: perf samples (cpu-clock, call graphs through frame pointers,
# JIT-compiled Java named from the JVM's perf map) of one run's measured window, summed by
# where the CPU was (kernel, libc, the JVM, compiled Java and its stubs, C) and by symbol.
#   socket.bench/profile.sh w1 ours|nio|c [FRAME ...]
# (each FRAME, a substring of a symbol, gets the share of samples with it on the stack)
# Run ./bench.sh once first (it builds the jar and the C program). WARMUP/MEASURE as for
# bench.sh (default 3 s and 4 s here; W7 as in bench.sh); the recording skips the warm-up.
# PROFILE_OUT=DIR keeps perf.data (and the pid to report on) there, for perf report by hand.
# CARRIERS=N: W7 on N carrier threads (default 2, as in bench.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
w=$1 impl=$2
shift 2
WARMUP=${WARMUP:-3}
MEASURE=${MEASURE:-4}
CP=socket.bench/target/socket.bench-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.api-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.provider.native-0.1.0-SNAPSHOT.jar
out=${PROFILE_OUT:-$(mktemp -d)}
[ -n "${PROFILE_OUT:-}" ] || trap 'rm -rf "$out"' EXIT
pin=()
case $w in w1|w1s|w3|w4|w5) pin=(taskset -c 0) ;; esac
# A tag in the command line finds the process in /proc (perf's view), where $! may name
# another pid: the pid namespace of /proc need not be this shell's.
tag=profiled-$$-$RANDOM
calc() { awk "BEGIN { print $1 }"; } # seconds; awk, as python3 can take seconds to start here
if [ "$impl" = c ]; then
  cmd=("${pin[@]}" bash -c 'exec -a "$0" "$@"' "$tag" socket.bench/target/cbench "$w" --warmup "$WARMUP" --measure "$MEASURE")
  [ "$w" = w7 ] && cmd+=(-- "$JAVA_HOME/bin/java" -cp "$CP" org.bsdsock.socket.bench.Bench peer7)
  delay=$(calc "$WARMUP + (\"$w\" == \"w7\" ? 1.5 : 0.1)")
else
  vt=()
  [ "$w" = w7 ] && vt=(-Djdk.virtualThreadScheduler.parallelism="${CARRIERS:-2}" -Djdk.virtualThreadScheduler.maxPoolSize="${CARRIERS:-2}")
  cmd=("${pin[@]}" java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC
       -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit "${vt[@]}"
       -Dbench.warmup="$WARMUP" -Dbench.measure="$MEASURE" -Dprofile.tag="$tag" -cp "$CP" org.bsdsock.socket.bench.Bench "$w" "$impl")
  # JVM start-up (about 0.5 s here; W7 also connects 10,000 sockets) and the warm-up: the
  # window opens about then (W7: the load prints MEASURING; a long WARMUP leaves room)
  delay=$(calc "$WARMUP + (\"$w\" == \"w7\" ? 3 : 0.7)")
fi
# perf attaches to the benchmark's process (not W7's load generator, its child) once the
# warm-up is over, and records for the measured window only (less half a second, to be safe;
# W7's window opens once the load has connected, a few seconds in: less 3 s).
"${cmd[@]}" > "$out/stdout" 2> "$out/stderr" &
bench=$!
sleep "$delay"
pgrep -f -- "-Dprofile.tag=$tag|^$tag" | head -n 1 > "$out/pid"
window=$(calc "$MEASURE - (\"$w\" == \"w7\" ? 3 : 0.5)")
# The system calls made in the same window, by kind, counted beside the samples.
calls=(recvfrom sendto epoll_wait epoll_ctl futex write read poll accept4 connect close sched_yield)
timeout -s INT "$window" perf stat -x, -o "$out/syscalls" -e raw_syscalls:sys_enter$(printf ',syscalls:sys_enter_%s' "${calls[@]}") \
  -p "$(cat "$out/pid")" < /dev/null 2> /dev/null &
stat=$!
# timeout's SIGINT ends perf record cleanly (perf record -- sleep N can SIGTERM this script)
timeout -s INT "$window" \
  perf record -F 997 -g -o "$out/perf.data" -p "$(cat "$out/pid")" 2> "$out/perf.log" < /dev/null ||
  { rc=$?; [ $rc = 124 ] || { echo "perf record: exit $rc" >&2; cat "$out/perf.log" >&2; exit 1; }; }
wait "$stat" || true
wait "$bench" || { cat "$out/stderr" >&2; exit 1; }
grep RESULT "$out/stdout" >&2
# per sendto (W7: one per round trip; a ping-pong: two, one each way; W2: one per 64 KiB), per connect for W3
awk -F, -v per="$([ "$w" = w3 ] && echo connect || echo sendto)" '
  $3 ~ /sys_enter/ && $1 ~ /^[0-9]+$/ {
    name = $3; sub(/.*sys_enter_?/, "", name); if (name == "") name = "all"
    n[name] = $1; order[++k] = name }
  END { if (!n[per]) exit
        for (i = 1; i <= k; i++) if (n[order[i]] > 0) printf "%s %.3f  ", order[i], n[order[i]] / n[per]
        print "(system calls per " per " in the window)" }' "$out/syscalls" >&2
# perf resolves JIT code through /tmp/perf-PID.map, written at the JVM's exit
perf script -i "$out/perf.data" -F pid,tid,comm,ip,sym,dso 2>/dev/null |
  python3 socket.bench/perfsum.py "$(cat "$out/pid")" "$@"
