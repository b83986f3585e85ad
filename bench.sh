#!/usr/bin/env bash
# Benchmarks our socket API against a C program making the same system calls
# (socket.bench/src/main/c/cbench.c) and against JDK NIO (blocking channels, direct
# ByteBuffers) on the same loopback workloads, one process per run; ours twice, on the epoll
# engine ("ours") and on the io_uring engine ("uring"); all interleaved round by round (the
# order rotating from one round to the next). Prints, per workload, the
# median rate with ours/C, NIO/C and ours/NIO (medians of the per-round ratios, with their
# range), the CPU time per operation (user and system, getrusage over the measured window),
# syscalls per operation (strace -f -c, runs of N and 2N operations, differenced) and bytes
# allocated per operation (ThreadMXBean). Ping-pong workloads run pinned to CPU 0
# (taskset -c 0): unpinned ping-pong on a 2-vCPU VM is bimodal.
#   ./bench.sh            all workloads, 9 rounds (median)
#   ./bench.sh w1 w5      some workloads;  RUNS=15 ./bench.sh  more rounds
#   ./bench.sh jmh [...]  the per-call floor (JMH, socket.jmh); JMH options may follow
#   IMPLS="ours uring" ./bench.sh w7   some implementations (default: c ours nio uring)
#   BENCH_JOPTS="-Dx=y" ./bench.sh w2   extra options for every Java run (ours, uring, NIO)
# Short runs to check the harness: RUNS=1 WARMUP=0.5 MEASURE=0.5 W2_GIB=0.25 SYSCALLS=0.
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh

if [ "${1:-}" = jmh ]; then
  shift
  exec socket.jmh/jmh.sh "$@"
fi

command -v strace >/dev/null || { echo "bench.sh needs strace (apt-get install strace)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench.sh needs taskset (util-linux)" >&2; exit 1; }
if ! command -v gcc >/dev/null; then
  echo "installing gcc (apt-get)..." >&2
  apt-get update -qq >&2 && apt-get install -y -qq gcc libc6-dev >&2
fi

echo "building (mvn package, gcc)..." >&2
mvn -B -q -DskipTests package -pl socket.bench -am >&2
CBENCH=socket.bench/target/cbench
gcc -O2 -Wall -Wextra -pthread -o "$CBENCH" socket.bench/src/main/c/cbench.c
CP=socket.bench/target/socket.bench-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.api-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.provider.native-0.1.0-SNAPSHOT.jar
JAVA=(java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CP")
PEER7=("$JAVA_HOME/bin/java" -cp "$CP" org.bsdsock.socket.bench.Bench peer7)
RUNS=${RUNS:-9}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -eq 0 ] && WORKLOADS=(w1 w1s w2 w3 w4 w5 w7)
W7_CONNECTIONS=${W7_CONNECTIONS:-10000}
export W7_CONNECTIONS
# The measured window, the same for Java and C: WARMUP/MEASURE seconds (default 2 and 4,
# W7 3 and 5), W2_GIB GiB for W2 (default 2).
J_OPTS=(-Dw7.connections="$W7_CONNECTIONS" ${BENCH_JOPTS:-})
C_OPTS=()
[ -n "${WARMUP:-}" ] && J_OPTS+=(-Dbench.warmup="$WARMUP") && C_OPTS+=(--warmup "$WARMUP")
[ -n "${MEASURE:-}" ] && J_OPTS+=(-Dbench.measure="$MEASURE") && C_OPTS+=(--measure "$MEASURE")
[ -n "${W2_GIB:-}" ] && J_OPTS+=(-Dbench.w2.gib="$W2_GIB") && C_OPTS+=(--w2-gib "$W2_GIB")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

pin() { # workload -> the command prefix it runs under
  case $1 in
    w1|w1s|w3|w4|w5) echo "taskset -c 0" ;;
    *) echo "" ;;
  esac
}
jvm_opts() {
  case $1 in
    w7) echo "-Djdk.virtualThreadScheduler.parallelism=2 -Djdk.virtualThreadScheduler.maxPoolSize=2" ;;
    *) echo "" ;;
  esac
}
strace_ops() { # workload -> N for the syscall count (2N is run too); empty: not counted
  [ "${SYSCALLS:-1}" = 0 ] && return 0
  case $1 in
    w1|w1s|w4|w5) echo 20000 ;;
    w2) echo 268435456 ;;
    w3) echo 2000 ;;
    w7) echo 20000 ;;
    *) echo "" ;;
  esac
}

command_for() { # workload impl [--ops N]: sets CMD to the command of one run (one process)
  local w=$1 impl=$2
  shift 2
  CMD=()
  # shellcheck disable=SC2207
  [ -n "$(pin "$w")" ] && CMD=($(pin "$w"))
  if [ "$impl" = c ]; then
    CMD+=("$CBENCH" "$w" ${C_OPTS[@]+"${C_OPTS[@]}"} "$@")
    # timed W7: the C server starts the load itself, as the Java one does
    [ "$w" = w7 ] && [ $# -eq 0 ] && CMD+=(-- "${PEER7[@]}")
  else
    # shellcheck disable=SC2207
    CMD+=("${JAVA[@]}" $(jvm_opts "$w") "${J_OPTS[@]}" org.bsdsock.socket.bench.Bench "$w" "$impl" "$@")
  fi
  return 0
}

# W7's syscalls: the server runs with --ops N and prints its port; its load runs here, apart
# (10,000 connections, N round trips in all), and the server exits when the load has closed
# them. Counted with perf's syscall tracepoints where perf can: strace slows a server of
# 10,000 virtual threads so much that every recv finds its request already waiting, which is
# another workload (2 calls per round trip for both); strace otherwise.
W7_HOUSEKEEPING=futex,mmap,munmap,mprotect,madvise,sched_yield,rt_sigreturn,clock_nanosleep,nanosleep,sched_getaffinity,getrusage,membarrier
count_w7() { # impl ops file
  local portfile="$out/w7-port" events
  : > "$portfile"
  command_for w7 "$1" --ops "$2"
  if perf stat -e raw_syscalls:sys_enter true > /dev/null 2>&1; then
    events=raw_syscalls:sys_enter$(printf ',syscalls:sys_enter_%s' ${W7_HOUSEKEEPING//,/ })
    perf stat -x, -o "$3" -e "$events" -- "${CMD[@]}" > "$portfile" &
  else
    strace -f -c -o "$3" "${CMD[@]}" > "$portfile" &
  fi
  local server=$!
  for _ in $(seq 1 600); do
    grep -q '^PORT' "$portfile" && break
    sleep 0.1
  done
  "${JAVA[@]}" org.bsdsock.socket.bench.Bench peer7 "$(awk '/^PORT/ {print $2}' "$portfile")" "$W7_CONNECTIONS" 0 0 "$2" > /dev/null
  wait "$server"
}

# shellcheck disable=SC2206
IMPLS=(${IMPLS:-c ours nio uring})
for impl in "${IMPLS[@]}"; do
  case $impl in c|ours|nio|uring) ;; *) echo "IMPLS: c, ours, nio or uring, not $impl" >&2; exit 2 ;; esac
done
NI=${#IMPLS[@]}
for w in "${WORKLOADS[@]}"; do
  for r in $(seq 1 "$RUNS"); do
    for k in $(seq 0 $((NI - 1))); do
      impl=${IMPLS[$(( (r + k) % NI ))]} # the order rotates, so none always runs first
      echo "round $r/$RUNS: $w $impl" >&2
      command_for "$w" "$impl"
      "${CMD[@]}" | awk -v r="$r" '/^RESULT/ {print $0, r}' >> "$out/results"
    done
  done
  n=$(strace_ops "$w")
  if [ -n "$n" ]; then
    for impl in "${IMPLS[@]}"; do
      for k in 1 2; do
        echo "syscalls: $w $impl $((n * k)) ops" >&2
        if [ "$w" = w7 ]; then
          count_w7 "$impl" $((n * k)) "$out/strace-$w-$impl-$k"
          continue
        fi
        command_for "$w" "$impl" --ops $((n * k))
        strace -f -c -o "$out/strace-$w-$impl-$k" "${CMD[@]}" > /dev/null
      done
    done
  fi
done

IMPLS="${IMPLS[*]}" python3 socket.bench/tables.py "$out" "${WORKLOADS[@]}"
