#!/usr/bin/env python3
"""Loopback peers for the provider's scale tests: COUNT TCP connections to 127.0.0.1:PORT,
held open at once, in a process of their own (the fd limit does not fit both ends of
10,000 connections in one process).

    python3 -u peers.py PORT COUNT BATCH MODE [ROUNDS]

Talks to the test by lines. Every line it prints starts with a word:
    limit SOFT HARD          its RLIMIT_NOFILE after raising the soft limit to the hard one
    connected K              K connections are open; then it reads a line: "more" asks for
                             the next BATCH, the last batch is answered with MODE's command
    sent K                   (MODE byte, after "send") each connection sent one byte, the
                             low byte of its local port
    round R OK BYTES         (MODE echo, after "echo") round R's message went out on every
                             connection and came back byte-exact
    echoed MESSAGES BYTES    (MODE echo) every round is done
    closed K                 (after "close" in MODE byte, at once in MODE echo) all closed
    error TEXT               anything unexpected; the exit status is then not 0

Connecting in batches, each acknowledged by the test once it has accepted them all, keeps
the listen backlog from overflowing (a dropped SYN costs a one-second retransmit).
"""
import resource
import selectors
import socket
import sys
import time

# Every byte value, twice over, so message bodies are binary and each one is distinct.
PATTERN = bytes(range(256)) * 8


def say(*words):
    print(*words, flush=True)


def fail(text, status=1):
    say("error", text)
    sys.exit(status)


def hear():
    line = sys.stdin.readline()
    if not line:
        fail("stdin closed")
    return line.strip()


def message(conn, rnd):
    """Round rnd's message on connection conn: its ids, then 0..976 bytes of binary body."""
    length = (conn * 7 + rnd * 131) % 977
    start = (conn + rnd) % 256
    return b"conn=%05d round=%d " % (conn, rnd) + PATTERN[start:start + length] + b"\n"


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    say("limit", soft, hard)
    if soft < needed:
        fail("RLIMIT_NOFILE %d is below the %d descriptors needed" % (soft, needed), 3)


def connect_all(port, count, batch, last_command):
    socks = []
    while len(socks) < count:
        for _ in range(min(batch, count - len(socks))):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(30)
            try:
                s.connect(("127.0.0.1", port))
            except OSError as e:
                fail("connect #%d: %r" % (len(socks), e))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            socks.append(s)
        say("connected", len(socks))
        expected = "more" if len(socks) < count else last_command
        got = hear()
        if got != expected:
            fail("expected %r, got %r" % (expected, got))
    return socks


def send_one_byte_each(socks):
    for s in socks:
        s.sendall(bytes([s.getsockname()[1] & 0xFF]))
    say("sent", len(socks))
    got = hear()
    if got != "close":
        fail("expected 'close', got %r" % got)


def echo_rounds(socks, rounds):
    sel = selectors.DefaultSelector()
    for s in socks:
        s.setblocking(False)
    messages = 0
    total = 0
    for rnd in range(rounds):
        expected = [message(i, rnd) for i in range(len(socks))]
        for i, s in enumerate(socks):
            # Each round starts with empty buffers and a message far smaller than them.
            n = s.send(expected[i])
            if n != len(expected[i]):
                fail("short send on connection %d: %d of %d" % (i, n, len(expected[i])))
            sel.register(s, selectors.EVENT_READ, i)
        got = [bytearray() for _ in socks]
        pending = len(socks)
        while pending:
            events = sel.select(timeout=30)
            if not events:
                fail("round %d: no echo for 30 s, %d connections pending" % (rnd, pending))
            for key, _ in events:
                i = key.data
                chunk = key.fileobj.recv(65536)
                if not chunk:
                    fail("round %d: connection %d closed by the server" % (rnd, i))
                buf = got[i]
                buf += chunk
                if len(buf) >= len(expected[i]):
                    if buf != expected[i]:
                        fail("round %d: connection %d echoed %r, sent %r"
                             % (rnd, i, bytes(buf[:80]), expected[i][:80]))
                    sel.unregister(key.fileobj)
                    pending -= 1
        size = sum(len(m) for m in expected)
        messages += len(socks)
        total += size
        say("round", rnd, "OK", size)
    say("echoed", messages, total)


def main(argv):
    if len(argv) not in (5, 6):
        fail("usage: peers.py PORT COUNT BATCH MODE [ROUNDS]", 2)
    port, count, batch, mode = int(argv[1]), int(argv[2]), int(argv[3]), argv[4]
    rounds = int(argv[5]) if len(argv) == 6 else 1
    if mode not in ("byte", "echo"):
        fail("unknown mode %r" % mode, 2)
    raise_fd_limit(count + 64)
    started = time.monotonic()
    socks = connect_all(port, count, batch, "send" if mode == "byte" else "echo")
    if mode == "byte":
        send_one_byte_each(socks)
    else:
        echo_rounds(socks, rounds)
    for s in socks:
        s.close()
    say("closed", len(socks), "%.3f" % (time.monotonic() - started))


if __name__ == "__main__":
    main(sys.argv)
