#!/usr/bin/env python3
"""CPython peer of the provider's descriptor-passing interop test (CPythonFdPassingTest).

    python3 -u fd_pass_peer.py SOCKET_PATH

Connects to the AF_UNIX stream listener at SOCKET_PATH, then:
  1. makes a pipe, writes b"through python's pipe\\n" into it, closes the write end and
     passes the read end with socket.send_fds(sock, [b"pipe"], [r]);
  2. receives one descriptor with socket.recv_fds(sock, 1024, 1), data b"sock": one end of
     a socket pair whose other end the test holds; reads the test's line through it and
     answers through it with b"python read: " + that line;
  3. prints "ok" and exits 0.
Anything unexpected prints "error TEXT" and exits 1. Every wait is bounded (20 s).
"""
import os
import socket
import sys

TIMEOUT = 20


def fail(text):
    print("error", text, flush=True)
    sys.exit(1)


def read_line(sock):
    line = b""
    while not line.endswith(b"\n"):
        chunk = sock.recv(1024)
        if not chunk:
            fail("end of stream after %r" % line)
        line += chunk
    return line


def main(argv):
    if len(argv) != 2:
        fail("usage: fd_pass_peer.py SOCKET_PATH")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(TIMEOUT)
        sock.connect(argv[1])

        r, w = os.pipe()
        os.write(w, b"through python's pipe\n")
        os.close(w)
        sent = socket.send_fds(sock, [b"pipe"], [r])
        os.close(r)
        if sent != 4:
            fail("send_fds sent %d bytes" % sent)

        msg, fds, flags, addr = socket.recv_fds(sock, 1024, 1)
        if msg != b"sock" or len(fds) != 1:
            fail("recv_fds gave %r, %r, flags %#x" % (msg, fds, flags))
        with socket.socket(fileno=fds[0]) as theirs:
            theirs.settimeout(TIMEOUT)
            line = read_line(theirs)
            theirs.sendall(b"python read: " + line)
    print("ok", flush=True)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Exception as e:  # report, then fail: the test prints the transcript
        fail(repr(e))
