"""Sums `perf script -F pid,tid,comm,ip,sym,dso` output (with call chains) for one process:
where its CPU samples were (kernel, libc, the JVM, compiled Java, stubs, C), the leaf symbols,
and the share of samples with a given frame anywhere on the stack (inclusive).

    perf script ... | python3 perfsum.py PID [FRAME_SUBSTRING ...]
"""
import collections
import re
import sys

pid = sys.argv[1]
frames_of_interest = sys.argv[2:]
head = re.compile(r'^\s*(\S.*?)\s+(\d+)/(\d+)\s')  # comm pid/tid
samples = []  # (comm, leaf (sym, dso), [symbols])
current = None
for line in sys.stdin:
    line = line.rstrip('\n')
    if not line.strip():
        current = None
        continue
    m = head.match(line)
    if m and not line.startswith('\t') and not line.startswith(' ' * 8):
        current = None
        if m.group(2) == pid:
            current = [m.group(1), None, []]
            samples.append(current)
        continue
    if current is None:
        continue
    # call chain line: "\t    ip sym+off (dso)"
    f = line.strip().split(' ', 1)
    if len(f) < 2:
        continue
    rest = f[1]
    dso = rest[rest.rfind('(') + 1:-1] if rest.endswith(')') else '?'
    sym = rest[:rest.rfind('(')].strip() if '(' in rest else rest
    sym = re.sub(r'\+0x[0-9a-f]+$', '', sym)
    if current[1] is None:
        current[1] = (sym, dso)
    current[2].append(sym)


def where(sym, dso):
    if 'kernel' in dso or dso.startswith('[k'):
        return 'kernel'
    if 'libc' in dso:
        return 'libc'
    if 'libjvm' in dso:
        return 'JVM (libjvm)'
    if 'perf-' in dso or 'JIT' in dso:
        if sym.startswith('Interpreter'):
            return 'interpreter'
        if any(s in sym for s in ('nep_invoker', 'Stub', 'stub', 'blob')):
            return 'JIT stubs (downcall, runtime)'
        return 'compiled Java'
    return dso.rsplit('/', 1)[-1]


n = len(samples)
if n == 0:
    sys.exit('no samples for pid ' + pid)
by_where = collections.Counter(where(*s[1]) for s in samples if s[1])
by_leaf = collections.Counter(f'{s[1][0]}  [{where(*s[1])}]' for s in samples if s[1])
print(f'{n} samples of pid {pid}')
print()
print('| where the CPU was | share |')
print('|---|---|')
for k, v in by_where.most_common():
    print(f'| {k} | {100 * v / n:.1f} % |')
print()
by_thread = collections.Counter(re.sub(r'[-#]?\d+$', '', s[0]) for s in samples)
print('Threads: ' + ', '.join(f'{k} {100 * v / n:.1f} %' for k, v in by_thread.most_common(8)))
print()
print('Leaf symbols outside the kernel (share of all samples):')
for k, v in by_leaf.most_common():
    if '[kernel]' in k:
        continue
    if 100 * v / n < 0.3:
        break
    print(f'  {100 * v / n:5.1f} %  {k}')


def syscall(stack):
    for x in stack:
        m = re.match(r'__(?:x64|se|do)_sys_(\w+)', x)
        if m:
            return m.group(1)
    return None


def activity(s):
    """What a sample was doing: a system call (kernel or its libc wrapper), or a user-space role."""
    comm, (sym, dso), stack = s
    if 'Compiler' in comm:
        return 'JIT compiler threads'
    if comm.startswith('GC') or 'G1' in comm or 'VM Thread' in comm:
        return 'GC and VM threads'
    w = where(sym, dso)
    if w == 'kernel':
        c = syscall(stack)
        return f'kernel: {c}' if c else 'kernel: interrupts, scheduler (no system call)'
    if w == 'libc' and sym in ('__libc_recv', '__send', 'epoll_wait', '__GI___libc_write', 'read', 'epoll_ctl',
                               '__close', 'accept4', '__libc_accept', '__connect', '__libc_connect'):
        return 'libc: system-call wrappers'
    if sym in ('__errno_location',) or 'capture_state' in sym:
        return 'errno capture (DowncallLinker::capture_state, __errno_location)'
    if 'nep_invoker' in sym or 'DowncallStub' in sym:
        return 'downcall stubs (thread-state transitions)'
    if re.search(r'Freeze|Thaw|Continuation|StackChunk|stackChunk|freeze|thaw', sym):
        return 'virtual threads: freeze/thaw (mount, unmount)'
    if re.search(r'java\.lang\.VirtualThread|jdk\.internal\.vm\.Continuation|ForkJoinPool|LockSupport|Unsafe\.(park|unpark)', sym):
        return 'virtual threads: scheduling (ForkJoinPool, park/unpark)'
    if 'org.bsdsock.socket.provider.ffm.Poller' in sym or 'FdHandle.wake' in sym:
        return 'our poller (dispatch, wake)'
    if 'org.bsdsock.socket' in sym and 'bench' not in sym:
        return 'our socket layer (compiled Java)'
    if 'memmove' in sym or 'memcpy' in sym or 'copyMemory' in sym:
        return 'memory copies'
    if w == 'interpreter':
        return 'interpreter'
    return f'other: {w}'


by_activity = collections.Counter(activity(s) for s in samples if s[1])
print()
print('| activity | share |')
print('|---|---|')
for k, v in sorted(by_activity.items(), key=lambda kv: (not kv[0].startswith('kernel'), -kv[1])):
    if 100 * v / n >= 0.3:
        print(f'| {k} | {100 * v / n:.1f} % |')
rest = sum(v for k, v in by_activity.items() if 100 * v / n < 0.3)
print(f'| (each under 0.3 %) | {100 * rest / n:.1f} % |')
if frames_of_interest:
    print()
    print('Samples with the frame on the stack (inclusive):')
    for f in frames_of_interest:
        c = sum(1 for s in samples if any(f in x for x in s[2]))
        print(f'  {100 * c / n:5.1f} %  {f}')
