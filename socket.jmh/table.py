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
            'nio': 'NIO',
            'nio_direct': 'NIO, direct ByteBuffer'}
ORDER = ['bare', 'bare_errno', 'bare_critical_heap', 'ours', 'ours_recv_into', 'ours_array', 'ours_into',
         'ours_recv_seed', 'ours_seed', 'ours_direct', 'nio', 'nio_direct']

results = json.load(open(sys.argv[1]))
scores = {}  # call -> variant -> (score, error)
for r in results:
    name = r['benchmark'].rsplit('.', 1)[1]
    call, variant = name.split('_', 1)
    m = r['primaryMetric']
    scores.setdefault(call, {})[variant] = (float(m['score']), float(m['scoreError']))  # NaN: one iteration
first = results[0] if results else {}
cpu = subprocess.run(['sh', '-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print(f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} vCPU ({cpu}), "
      f"Linux {platform.release()}, JDK {first.get('jdkVersion', '?')}; JMH {first.get('jmhVersion', '?')}, "
      f"{first.get('forks', '?')} fork(s), {first.get('measurementIterations', '?')} x "
      f"{first.get('measurementTime', '?')} measured after {first.get('warmupIterations', '?')} x "
      f"{first.get('warmupTime', '?')}; average time per call, ± JMH's 99.9 % interval.")
print()
print('| call | implementation | ns/call | over bare |')
print('|---|---|---|---|')
for call in CALLS:
    if call not in scores:
        continue
    v = scores[call]
    bare = v.get('bare', (None, None))[0]
    first_row = True
    for variant in sorted(v, key=lambda x: ORDER.index(x) if x in ORDER else len(ORDER)):
        score, err = v[variant]
        over = '—' if variant == 'bare' or bare is None else f'{score - bare:+.0f}'
        err_s = '' if err != err else f' ± {err:.0f}'
        print(f"| {CALLS[call] if first_row else ''} | {VARIANTS.get(variant, variant)} | {score:,.0f}{err_s} | {over} |")
        first_row = False
