package org.bsdsock.socket.attack;

/**
 * The reliability defects still open that the fuzzers would trip over at once, each with the
 * input class it concerns. While one is open ({@code true}) the fuzzers steer around it, so
 * that a run finds something new; when it is fixed, set it to {@code false} (or delete it and
 * its uses): the fuzzers then cover it. {@code -Dattack.knownDefects=include} includes them all
 * without a change, to try a fix.
 */
final class KnownDefects {
    private KnownDefects() {
    }

    /** {@code -Dattack.knownDefects=include}: fuzz into the open defects too. */
    static final boolean INCLUDED = "include".equals(System.getProperty("attack.knownDefects"));

    /**
     * A NUL in an AF_INET host is cut off silently ({@code InetAddr("127.0.0.1\0x", 0)} binds
     * 127.0.0.1), and AF_INET hosts skip the IDNA and label checks. Open: a host with a NUL is
     * not required to raise {@code IllegalArgumentException}.
     */
    static final boolean NUL_IN_HOST_ACCEPTED = false;

    /**
     * Huge sizes allocate before anything arrives ({@code recv(Integer.MAX_VALUE)},
     * {@code makefile("rwb", Integer.MAX_VALUE)} raise {@code OutOfMemoryError};
     * {@code recvmsg(MAX)} zeroes 2 GiB). Open: receive sizes and buffer sizes stay at most
     * {@link #SIZE_CAP}.
     */
    static final boolean HUGE_SIZES_ALLOCATE = false;

    /** The largest receive or buffer size while {@link #HUGE_SIZES_ALLOCATE} is open. */
    static final int SIZE_CAP = 1 << 20;

    /**
     * Found by {@link SocketCallFuzzTest} (not in the list): {@code sendfile(in_fd, ...)}
     * whose input cannot splice (a socket, a pipe) falls back to {@code read(2)} on the input
     * without the socket's deadline, so with nothing to read it blocks for good whatever the
     * timeout (the javadoc: "the socket's timeout bounds the whole call"), and closing the
     * socket does not wake it. Open: no socket is passed as {@code in_fd}.
     */
    static final boolean SENDFILE_INPUT_READ_UNBOUNDED = false;

    /** @return whether to steer around a defect that is {@code open} */
    static boolean avoid(boolean open) {
        return open && !INCLUDED;
    }
}
