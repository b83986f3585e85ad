#!/usr/bin/env bash
# Benchmarks our socket API against JDK NIO (blocking channels, direct ByteBuffers) on the
# same loopback workloads, one JVM per run, and prints a table with the ratio ours/NIO,
# syscalls per operation (strace -f -c, runs of N and 2N operations, differenced) and bytes
# allocated per operation (ThreadMXBean). Ping-pong workloads run pinned to CPU 0
# (taskset -c 0): unpinned ping-pong on a 2-vCPU VM is bimodal.
#   ./bench.sh            all workloads, 5 runs each (median)
#   ./bench.sh w1 w5      some workloads;  RUNS=9 ./bench.sh  more runs
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
command -v strace >/dev/null || { echo "bench.sh needs strace (apt-get install strace)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench.sh needs taskset (util-linux)" >&2; exit 1; }

echo "building (mvn package)..." >&2
mvn -B -q -DskipTests package -pl socket.bench -am >&2
CP=socket.bench/target/socket.bench-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.api-0.1.0-SNAPSHOT.jar:socket.bench/target/lib/socket.provider.native-0.1.0-SNAPSHOT.jar
JAVA=(java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CP")
RUNS=${RUNS:-5}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -eq 0 ] && WORKLOADS=(w1 w2 w3 w4 w5 w7)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

pin() { # workload -> the command prefix it runs under
  case $1 in
    w1|w3|w4|w5) echo "taskset -c 0" ;;
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
  case $1 in
    w1|w4|w5) echo 20000 ;;
    w2) echo 268435456 ;;
    w3) echo 2000 ;;
    w7) echo 20000 ;;
    *) echo "" ;;
  esac
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
  if perf stat -e raw_syscalls:sys_enter true > /dev/null 2>&1; then
    events=raw_syscalls:sys_enter$(printf ',syscalls:sys_enter_%s' ${W7_HOUSEKEEPING//,/ })
    # shellcheck disable=SC2046
    perf stat -x, -o "$3" -e "$events" -- "${JAVA[@]}" $(jvm_opts w7) org.bsdsock.socket.bench.Bench w7 "$1" --ops "$2" > "$portfile" &
  else
    # shellcheck disable=SC2046
    strace -f -c -o "$3" "${JAVA[@]}" $(jvm_opts w7) org.bsdsock.socket.bench.Bench w7 "$1" --ops "$2" > "$portfile" &
  fi
  local server=$!
  for _ in $(seq 1 600); do
    grep -q '^PORT' "$portfile" && break
    sleep 0.1
  done
  "${JAVA[@]}" org.bsdsock.socket.bench.Bench peer7 "$(awk '/^PORT/ {print $2}' "$portfile")" 10000 0 0 "$2" > /dev/null
  wait "$server"
}

for w in "${WORKLOADS[@]}"; do
  for r in $(seq 1 "$RUNS"); do
    for impl in ours nio; do
      echo "run $r/$RUNS: $w $impl" >&2
      # shellcheck disable=SC2046
      $(pin "$w") "${JAVA[@]}" $(jvm_opts "$w") org.bsdsock.socket.bench.Bench "$w" "$impl" | grep '^RESULT' >> "$out/results"
    done
  done
  n=$(strace_ops "$w")
  if [ -n "$n" ]; then
    for impl in ours nio; do
      for k in 1 2; do
        echo "strace: $w $impl $((n * k)) ops" >&2
        if [ "$w" = w7 ]; then
          count_w7 "$impl" $((n * k)) "$out/strace-$w-$impl-$k"
          continue
        fi
        # shellcheck disable=SC2046
        strace -f -c -o "$out/strace-$w-$impl-$k" $(pin "$w") "${JAVA[@]}" org.bsdsock.socket.bench.Bench "$w" "$impl" --ops $((n * k)) > /dev/null
      done
    done
  fi
done

python3 - "$out" "${WORKLOADS[@]}" <<'PY'
import os, statistics, sys, datetime, platform, subprocess
out, workloads = sys.argv[1], sys.argv[2:]
names = {'w1': 'W1 TCP ping-pong, 1 B, TCP_NODELAY', 'w2': 'W2 TCP bulk, 2 GiB, 64 KiB writes/reads',
         'w3': 'W3 connect/accept/close', 'w4': 'W4 UDP ping-pong, 64 B',
         'w5': 'W5 AF_UNIX stream ping-pong, 1 B', 'w7': 'W7 10,000 conns, 1 vthread each, 2 carriers'}
targets = {'w1': 1.00, 'w2': 1.03, 'w3': 1.08, 'w4': 1.00, 'w5': 1.05, 'w7': 1.00}
strace_n = {'w1': 20000, 'w4': 20000, 'w5': 20000, 'w2': 268435456 // 65536, 'w3': 2000, 'w7': 20000}
rates, allocs, units = {}, {}, {}
for line in open(os.path.join(out, 'results')):
    f = line.split()
    w, impl, rate, unit, alloc = f[1], f[2], float(f[5]), f[6], float(f[7])
    rates.setdefault((w, impl), []).append(rate)
    allocs.setdefault((w, impl), []).append(alloc)
    units[w] = unit
# The JVM's own housekeeping (JIT, GC, safepoints: futex, mmap, mprotect, ...) varies from
# run to run and is not the socket layer's doing; the rest is what the workload asks for.
JVM_HOUSEKEEPING = {'futex', 'mmap', 'munmap', 'mprotect', 'madvise', 'sched_yield', 'rt_sigreturn',
                    'clock_nanosleep', 'nanosleep', 'sched_getaffinity', 'getrusage', 'membarrier'}
def calls(w, impl, k):
    p = os.path.join(out, f'strace-{w}-{impl}-{k}')
    if not os.path.exists(p):
        return None
    n = 0
    lines = open(p).read().splitlines()
    if any('raw_syscalls:sys_enter' in l for l in lines):  # perf stat -x, (W7): all calls minus housekeeping
        for l in lines:
            f = l.split(',')
            if len(f) > 2 and f[0].isdigit():
                n += int(f[0]) if f[2] == 'raw_syscalls:sys_enter' else -int(f[0])
        return n
    for line in lines:
        f = line.split()
        # "% time  seconds  usecs/call  calls  [errors]  syscall"
        if len(f) in (5, 6) and f[3].isdigit() and f[-1] != 'total' and f[-1] not in JVM_HOUSEKEEPING:
            n += int(f[3])
    return n
def per_op(w, impl):
    a, b = calls(w, impl, 1), calls(w, impl, 2)
    return None if a is None or b is None else (b - a) / strace_n[w]
cpu = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} vCPU ({cpu}), Linux {platform.release()}, "
      f"JDK {subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}; median of runs.")
print()
print('| workload | ours | JDK NIO | ours/NIO | target | syscalls/op ours | NIO | bytes alloc/op ours | NIO |')
print('|---|---|---|---|---|---|---|---|---|')
def fmt(x):
    return 'n/a' if x is None else (f'{x:,.0f}' if x >= 100 else f'{x:.2f}')
for w in workloads:
    o, n = rates.get((w, 'ours')), rates.get((w, 'nio'))
    if not o or not n:
        continue
    mo, mn = statistics.median(o), statistics.median(n)
    ratio = mo / mn
    ok = 'ok' if ratio >= targets[w] else 'MISSED'
    ao, an = statistics.median(allocs[(w, 'ours')]), statistics.median(allocs[(w, 'nio')])
    alloc = lambda a: 'n/a' if a != a else f'{a:.0f}'
    print(f"| {names[w]} | {fmt(mo)} {units[w]} | {fmt(mn)} {units[w]} | {ratio:.3f} | ≥ {targets[w]:.2f} {ok} | "
          f"{fmt(per_op(w, 'ours'))} | {fmt(per_op(w, 'nio'))} | {alloc(ao)} | {alloc(an)} |")
print()
print('Runs (ours / NIO): ' + '; '.join(f"{w}: {[round(x) if x > 10 else round(x, 3) for x in rates.get((w, 'ours'), [])]} / "
                                          f"{[round(x) if x > 10 else round(x, 3) for x in rates.get((w, 'nio'), [])]}" for w in workloads))
PY
