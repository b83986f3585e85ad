package org.bsdsock.socket.provider.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bsdsock.socket.api.Errno;

/**
 * {@code sendfile(2)} without {@code SIGPIPE}. A send to a socket whose peer has gone raises
 * SIGPIPE unless the call says {@code MSG_NOSIGNAL}, which sendfile cannot say. The JVM ignores
 * the signal, but a process whose native code handles SIGPIPE (or restores its default, which
 * ends the process) would see it: the socket API promises EPIPE only. So the calling thread
 * blocks SIGPIPE around the call, and if the call failed with EPIPE, takes the signal it raised
 * from its pending set before unblocking — the way libraries that cannot use MSG_NOSIGNAL do it.
 * A SIGPIPE that was already pending before the call is left pending for its owner. This costs
 * three system calls per sendfile(2), each of which moves up to a gigabyte.
 */
final class SigpipeFree {
    private final MemorySegment sigpipe;
    private final MemorySegment saved;
    private final MemorySegment pending;
    private final MemorySegment noWait;

    /** @param arena where the signal sets live: the one sendfile's call uses */
    SigpipeFree(Arena arena) {
        sigpipe = arena.allocate(Layouts.SIGSET_T);
        saved = arena.allocate(Layouts.SIGSET_T);
        pending = arena.allocate(Layouts.SIGSET_T);
        noWait = arena.allocate(Layouts.TIMESPEC); // zeroed: sigtimedwait only polls
        Libc.sigemptyset(sigpipe);
        Libc.sigaddset(sigpipe, Libc.SIGPIPE);
    }

    /** {@link Libc#sendfile}, with SIGPIPE neither delivered nor left pending by this call. */
    long sendfile(MemorySegment st, int outFd, int inFd, MemorySegment offset, long count) {
        Libc.pthread_sigmask(Libc.SIG_BLOCK, sigpipe, saved);
        try {
            boolean pendingBefore = Libc.sigpending(pending) == 0 && Libc.sigismember(pending, Libc.SIGPIPE) == 1;
            long n = Libc.sendfile(st, outFd, inFd, offset, count);
            if (n < 0 && !pendingBefore && Libc.errno(st) == Errno.EPIPE) {
                Libc.sigtimedwait(sigpipe, MemorySegment.NULL, noWait); // errno is in st already
            }
            return n;
        } finally {
            Libc.pthread_sigmask(Libc.SIG_SETMASK, saved, MemorySegment.NULL);
        }
    }
}
