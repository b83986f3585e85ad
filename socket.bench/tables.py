"""Prints bench.sh's tables (Markdown) from its output directory.

Input: OUT/results, one line per run,
  RESULT WORKLOAD IMPL OPS SECONDS RATE UNIT ALLOC_PER_OP USER_S SYS_S ROUND
and OUT/strace-WORKLOAD-IMPL-{1,2} (strace -c, or perf stat -x, for W7) for N and 2N ops.
Ratios are medians of the per-round ratios (the runs of one round are neighbours in time, so
the machine's drift cancels out), with their range over the rounds. IMPLS (environment) names
the implementations that ran, among c, ours (the epoll engine), nio and uring (the io_uring
engine); the io_uring engine gets its own table, against ours and C, with issue 17's targets.
"""
import datetime
import os
import platform
import statistics
import subprocess
import sys

out, workloads = sys.argv[1], sys.argv[2:]
ALL_IMPLS = ('c', 'ours', 'nio', 'uring')
IMPLS = tuple(i for i in ALL_IMPLS if i in os.environ.get('IMPLS', ' '.join(ALL_IMPLS)).split())
NAMES = {'w1': 'W1 TCP ping-pong, 1 B, TCP_NODELAY (recv_into)',
         'w1s': "W1s the same in the seed's idiom (data = recv(1); send(data))",
         'w2': 'W2 TCP bulk, 64 KiB writes/reads',
         'w3': 'W3 connect/accept/close', 'w4': 'W4 UDP ping-pong, 64 B',
         'w5': 'W5 AF_UNIX stream ping-pong, 1 B',
         'w7': 'W7 10,000 conns (ours/NIO: 1 vthread each, 2 carriers; C: 1-thread epoll)'}
# Targets: ours/C in rate (and C's CPU per operation over ours), ours/NIO in rate.
TARGET_C = {'w1': 0.97, 'w1s': 0.95, 'w2': 0.99, 'w3': 0.97, 'w4': 0.97, 'w5': 0.97, 'w7': 0.93}
TARGET_CPU = {'w7': 1.25}  # ours/C CPU per operation at most; otherwise 1 / TARGET_C
TARGET_NIO = {'w1': 1.00, 'w1s': 1.00, 'w2': 1.03, 'w3': 1.08, 'w4': 1.00, 'w5': 1.05, 'w7': 1.00}
# Issue 17's targets for the io_uring engine: uring/ours (epoll) in rate at least; W7 against C's
# rate, and fewer system calls per round trip than the epoll engine.
TARGET_URING_OURS = {'w1': 0.97, 'w1s': 0.97, 'w2': 1.00, 'w3': 0.97, 'w4': 0.97, 'w5': 0.97}
TARGET_URING_C = {'w7': 1.00}
STRACE_N = {'w1': 20000, 'w1s': 20000, 'w4': 20000, 'w5': 20000, 'w2': 268435456 // 65536, 'w3': 2000,
            'w7': 20000}
# CPU per operation: (label, scale from seconds per op); W2's op is one byte.
CPU_UNIT = {'w2': ('ms/GiB', 1e3 * (1 << 30)), 'w3': ('µs/conn', 1e6)}
CPU_DEFAULT = ('µs/rt', 1e6)

runs = {}  # (w, impl) -> {round: (rate, alloc, user_per_op, sys_per_op)}
units = {}
for line in open(os.path.join(out, 'results')):
    f = line.split()
    w, impl, ops, rate, unit, alloc = f[1], f[2], float(f[3]), float(f[5]), f[6], float(f[7])
    user, sys_, rnd = float(f[8]), float(f[9]), int(f[10])
    runs.setdefault((w, impl), {})[rnd] = (rate, alloc, user / ops, sys_ / ops)
    units[w] = unit


def series(w, impl, i):
    return [v[i] for v in runs.get((w, impl), {}).values()]


def median(w, impl, i):
    s = [x for x in series(w, impl, i) if x == x]
    return statistics.median(s) if s else None


def paired(w, a, b, value):
    """Per-round value(a)/value(b), for the rounds both ran: (median, min, max) or None."""
    ra, rb = runs.get((w, a), {}), runs.get((w, b), {})
    r = [value(ra[k]) / value(rb[k]) for k in ra if k in rb and value(rb[k])]
    r = [x for x in r if x == x]
    return (statistics.median(r), min(r), max(r)) if r else None


def ratio(p):
    if p is None:
        return 'n/a'
    m, lo, hi = p
    return f'{m:.3f}' if lo == hi else f'{m:.3f} ({lo:.2f}–{hi:.2f})'


def fmt(x):
    return 'n/a' if x is None else (f'{x:,.0f}' if x >= 100 else f'{x:.2f}')


def check(p, target, above=True):
    if p is None:
        return 'n/a'
    ok = p[0] >= target if above else p[0] <= target
    return f"{'≥' if above else '≤'} {target:.2f} {'ok' if ok else 'MISSED'}"


rate = lambda v: v[0]
cpu = lambda v: v[2] + v[3]

cpuinfo = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
gcc = subprocess.run(['gcc', '--version'], capture_output=True, text=True).stdout.splitlines()[0]
rounds = max((len(v) for v in runs.values()), default=0)
print(f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} vCPU ({cpuinfo}), "
      f"Linux {platform.release()}, JDK {java}, {gcc}; {rounds} interleaved round{'s' if rounds != 1 else ''}, medians "
      f"(in brackets: the range of the per-round ratio).")
print()
print('Rate:')
print()
print('| workload | C | ours | JDK NIO | ours/C | NIO/C | ours/NIO | target ours/C | target ours/NIO |')
print('|---|---|---|---|---|---|---|---|---|')
for w in workloads:
    if not any((w, i) in runs for i in IMPLS):
        continue
    u = units[w]
    oc, nc, on = paired(w, 'ours', 'c', rate), paired(w, 'nio', 'c', rate), paired(w, 'ours', 'nio', rate)
    print(f"| {NAMES[w]} | {fmt(median(w, 'c', 0))} {u} | {fmt(median(w, 'ours', 0))} {u} | "
          f"{fmt(median(w, 'nio', 0))} {u} | {ratio(oc)} | {ratio(nc)} | {ratio(on)} | "
          f"{check(oc, TARGET_C[w])} | {check(on, TARGET_NIO[w])} |")
if 'w1' in workloads and 'w1s' in workloads:
    a, b = median('w1s', 'ours', 0), median('w1', 'ours', 0)
    if a and b:
        print()
        print(f"The seed's idiom against recv_into (ours, W1s/W1 medians): {a / b:.3f} (target ≥ 0.97 "
              f"{'ok' if a / b >= 0.97 else 'MISSED'}).")
print()
print('CPU time per operation, user + system (getrusage of the whole process over the measured '
      'window: both ends of a ping-pong; for W7 the server alone):')
print()
print('| workload | unit | C | ours | JDK NIO | ours/C | NIO/C | ours/NIO | target ours/C |')
print('|---|---|---|---|---|---|---|---|---|')
for w in workloads:
    if not any((w, i) in runs for i in IMPLS):
        continue
    label, scale = CPU_UNIT.get(w, CPU_DEFAULT)

    def cell(impl):
        u, s = median(w, impl, 2), median(w, impl, 3)
        return 'n/a' if u is None else f'{u * scale:.2f} + {s * scale:.2f}' if u * scale < 100 else \
            f'{u * scale:,.0f} + {s * scale:,.0f}'

    oc = paired(w, 'ours', 'c', cpu)
    print(f"| {NAMES[w].split(' ')[0]} | {label} | {cell('c')} | {cell('ours')} | {cell('nio')} | {ratio(oc)} | "
          f"{ratio(paired(w, 'nio', 'c', cpu))} | {ratio(paired(w, 'ours', 'nio', cpu))} | "
          f"{check(oc, TARGET_CPU.get(w, 1 / TARGET_C[w]), above=False)} |")

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
    return None if a is None or b is None else (b - a) / STRACE_N[w]


def alloc(w, impl):
    m = median(w, impl, 1)
    return 'n/a' if m is None else f'{m:.0f}'


print()
print('System calls and allocation per operation (W2: per 64 KiB written):')
print()
print('| workload | syscalls/op C | ours | JDK NIO | bytes alloc/op ours | JDK NIO |')
print('|---|---|---|---|---|---|')
for w in workloads:
    if not any((w, i) in runs for i in IMPLS):
        continue
    print(f"| {NAMES[w].split(' ')[0]} | {fmt(per_op(w, 'c'))} | {fmt(per_op(w, 'ours'))} | "
          f"{fmt(per_op(w, 'nio'))} | {alloc(w, 'ours')} | {alloc(w, 'nio')} |")
print()

if 'uring' in IMPLS:
    print('The io_uring engine ("uring": the same provider, `Engine.URING`), against ours on epoll and C '
          '(rate; CPU per operation, user + system, in the unit above; syscalls and bytes allocated per operation):')
    print()
    print('| workload | uring rate | uring/ours | uring/C | CPU/op uring | CPU uring/ours | CPU uring/C | '
          'syscalls/op uring | ours | bytes alloc/op uring | target |')
    print('|---|---|---|---|---|---|---|---|---|---|---|')
    for w in workloads:
        if (w, 'uring') not in runs:
            continue
        label, scale = CPU_UNIT.get(w, CPU_DEFAULT)
        uo, uc = paired(w, 'uring', 'ours', rate), paired(w, 'uring', 'c', rate)
        u, sy = median(w, 'uring', 2), median(w, 'uring', 3)
        cpu_cell = 'n/a' if u is None else f'{u * scale:.2f} + {sy * scale:.2f} {label}' if u * scale < 100 else \
            f'{u * scale:,.0f} + {sy * scale:,.0f} {label}'
        sys_u, sys_o = per_op(w, 'uring'), per_op(w, 'ours')
        if w in TARGET_URING_C:
            target = f"uring/C {check(uc, TARGET_URING_C[w])}"
            if sys_u is not None and sys_o is not None:
                target += f"; syscalls < ours {'ok' if sys_u < sys_o else 'MISSED'}"
        else:
            target = f"uring/ours {check(uo, TARGET_URING_OURS.get(w, 0.97))}"
        print(f"| {NAMES[w].split(' ')[0]} | {fmt(median(w, 'uring', 0))} {units[w]} | {ratio(uo)} | {ratio(uc)} | "
              f"{cpu_cell} | {ratio(paired(w, 'uring', 'ours', cpu))} | {ratio(paired(w, 'uring', 'c', cpu))} | "
              f"{fmt(sys_u)} | {fmt(sys_o)} | {alloc(w, 'uring')} | {target} |")
    print()


def show(x):
    return round(x) if x > 10 else round(x, 3)


NAMES_OF = {'c': 'C', 'ours': 'ours', 'nio': 'NIO', 'uring': 'uring'}
print(f"Runs, by round ({' / '.join(NAMES_OF[i] for i in IMPLS)}): " + '; '.join(
    f"{w}: " + ' / '.join(str([show(v[0]) for _, v in sorted(runs.get((w, i), {}).items())]) for i in IMPLS)
    for w in workloads))
