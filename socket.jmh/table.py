"""Prints JMH's JSON result (socket.jmh) as a Markdown table: ns per call, and each variant's
overhead over the bare downcall of the same call, measured in the same run."""
import datetime
import json
import os
import platform
import subprocess
import sys

CALLS = {'recv': 'recv 1 B, data waiting (AF_UNIX stream)',
         'send': 'send 1 B, room (AF_UNIX stream)',
         'sendto': 'sendto 64 B (UDP, 127.0.0.1)',
         'recvfrom': 'recvfrom 64 B, data waiting (UDP; + a bare send refilling each)',
         'getsockopt': 'getsockopt SO_RCVBUF (TCP)',
         'accept': 'accept, a connection queued (TCP)'}
VARIANTS = {'bare': 'bare downcall',
            'bare_errno': 'bare + errno capture',
            'bare_critical_heap': 'bare critical, heap byte[] in place, + errno',
            'ours_recv_into': 'ours recv_into(byte[1])',
            'ours_recv_seed': 'ours recv(1), a new array (the seed\'s idiom)',
            'ours_direct': 'ours, direct ByteBuffer',
            'ours_array': 'ours send(byte[1])',
            'ours': 'ours',
            'ours_into': 'ours recvfrom_into(byte[64])',
            'ours_seed': 'ours recvfrom(64), a new array',
            'uring_recv_into': 'ours on io_uring, recv_into(byte[1])',
            'uring_array': 'ours on io_uring, send(byte[1])',
            'nio': 'NIO',
            'nio_direct': 'NIO, direct ByteBuffer'}
ORDER = ['bare', 'bare_errno', 'bare_critical_heap', 'ours', 'ours_recv_into', 'ours_array', 'ours_into',
         'ours_recv_seed', 'ours_seed', 'ours_direct', 'uring_recv_into', 'uring_array', 'nio', 'nio_direct']

results = json.load(open(sys.argv[1]))
scores = {}  # call -> variant -> (score, error)
for r in results:
    name = r['benchmark'].rsplit('.', 1)[1]
    call, variant = name.split('_', 1)
    m = r['primaryMetric']
    c = r.get('secondaryMetrics', {}).get('·cpu', {})
    # scoreError is NaN with one iteration
    scores.setdefault(call, {})[variant] = (float(m['score']), float(m['scoreError']),
                                            float(c.get('score', 'nan')), float(c.get('scoreError', 'nan')))
first = results[0] if results else {}
cpu = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print(f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} vCPU ({cpu}), "
      f"Linux {platform.release()}, JDK {first.get('jdkVersion', '?')}; JMH {first.get('jmhVersion', '?')}, "
      f"{first.get('forks', '?')} fork(s), {first.get('measurementIterations', '?')} x "
      f"{first.get('measurementTime', '?')} measured after {first.get('warmupIterations', '?')} x "
      f"{first.get('warmupTime', '?')}; average wall-clock time per call, ± JMH's 99.9 % interval, and the "
      f"process's CPU time per call (CpuPerOp: unlike wall-clock time, not inflated by waiting for a CPU on a "
      f"shared machine; for accept it includes the clients' connects).")
print()
print('| call | implementation | ns/call | over bare | CPU ns/call | over bare |')
print('|---|---|---|---|---|---|')
for call in CALLS:
    if call not in scores:
        continue
    v = scores[call]
    bare = v.get('bare', (None,) * 4)
    first_row = True
    for variant in sorted(v, key=lambda x: ORDER.index(x) if x in ORDER else len(ORDER)):
        score, err, cpu, cpu_err = v[variant]

        def over(x, base):
            return '—' if variant == 'bare' or base is None or x != x or base != base else f'{x - base:+,.0f}'

        def show(x, e):
            return 'n/a' if x != x else f'{x:,.0f}' + ('' if e != e else f' ± {e:,.0f}')

        print(f"| {CALLS[call] if first_row else ''} | {VARIANTS.get(variant, variant)} | {show(score, err)} | "
              f"{over(score, bare[0])} | {show(cpu, cpu_err)} | {over(cpu, bare[2])} |")
        first_row = False

MECHANISMS = {'downcall': 'downcall of libc abs (no system call): normal',
              'downcall_critical': 'the same, critical (no thread-state transitions)',
              'downcall_errno': 'normal, with errno capture',
              'downcall_critical_errno': 'critical, with errno capture',
              'handle_enter_leave': 'model of the descriptor handle: CAS to enter, atomic add to leave',
              'sched_getcpu': 'sched_getcpu (critical downcall)',
              'lane_claim_release': 'model of a lane claim and release: sched_getcpu, CAS, release store',
              'thread_local': 'ThreadLocal.get (the thread\'s own scratch)'}
if 'mech' in scores:
    print()
    print('What each mechanism costs alone (Mechanisms):')
    print()
    print('| mechanism | ns | CPU ns |')
    print('|---|---|---|')
    for k, label in MECHANISMS.items():
        if k in scores['mech']:
            score, err, cpu, cpu_err = scores['mech'][k]
            e = '' if err != err else f' ± {err:.1f}'
            print(f'| {label} | {score:.1f}{e} | {cpu:.1f} |')
