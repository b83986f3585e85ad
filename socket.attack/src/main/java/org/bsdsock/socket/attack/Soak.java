package org.bsdsock.socket.attack;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SHUT_WR;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;

/**
 * The soak: for a set time, thousands of connections on virtual threads send checksummed
 * messages ({@link Message}) of 1 B to 1 MiB to a CPython echo peer (asyncio, TCP and AF_UNIX
 * streams, UDP datagrams of up to 60,000 B) and check every echo, rotating through every send
 * and receive path of the API ({@link Paths}). Prints the messages and bytes moved, the lost,
 * corrupt and stuck ones (the goal is 0), and the process's descriptors and threads before and
 * after. Exit status 0 only if none was lost, corrupt or stuck and nothing failed.
 *
 * <p>{@code java -cp ... org.bsdsock.socket.attack.Soak SECONDS CONNECTIONS PEER_SCRIPT}; run by
 * {@code ./soak.sh SECONDS [CONNECTIONS]}.
 */
public final class Soak {
    private static final SocketModule M = ServiceLoader.load(SocketModule.class).findFirst().orElseThrow();
    private static final int WINDOW = 4 << 20;
    private static final int MAX_DATAGRAM = 60_000;
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LongAdder sent = new LongAdder();
    private final LongAdder echoed = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesEchoed = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder corrupt = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder failedConnections = new LongAdder();
    private final LongAdder[] sendPaths = adders(Paths.STREAM_SENDS.size() + 1);
    private final LongAdder[] recvPaths = adders(Paths.STREAM_RECVS.size() + 1);
    private final LongAdder[] dgramSendPaths = adders(Paths.DGRAM_SENDS.size());
    private final LongAdder[] dgramRecvPaths = adders(Paths.DGRAM_RECVS.size());
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<SocketType> sockets = Collections.synchronizedList(new ArrayList<>());
    private long endNanos;

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Soak SECONDS CONNECTIONS PEER_SCRIPT");
            System.exit(2);
        }
        System.exit(new Soak().run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2]) ? 0 : 1);
    }

    private boolean run(int seconds, int connections, String peerScript) throws Exception {
        String before = ProcSelf.summary();
        List<String> fdsBefore = ProcSelf.descriptorTargets();
        List<String> threadsBefore = ProcSelf.platformThreadNames();
        Process peer = new ProcessBuilder("python3", peerScript).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] ports;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line = r.readLine();
            if (line == null || !line.startsWith("PORTS ")) {
                throw new IllegalStateException("the python peer did not start: " + line);
            }
            ports = line.split(" ");
        }
        SockAddr tcp = new InetAddr("127.0.0.1", Integer.parseInt(ports[1]));
        SockAddr udp = new InetAddr("127.0.0.1", Integer.parseInt(ports[2]));
        SockAddr unix = UnixAddr.of(ports[3]);
        int tcpCount = 0;
        int unixCount = 0;
        int udpCount = 0;
        System.out.printf("soak: %d s, %d connections on virtual threads, against a CPython asyncio echo peer (pid %d)%n",
                seconds, connections, peer.pid());
        System.out.println("before: " + before);
        endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> runners = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int id = i;
            Runnable body;
            if (i % 16 == 15) {
                udpCount++;
                body = () -> datagrams(id, udp, id % 32 == 15);
            } else if (i % 4 == 3) {
                unixCount++;
                body = () -> stream(id, AF_UNIX, unix, id % 8 == 7);
            } else {
                tcpCount++;
                body = () -> stream(id, AF_INET, tcp, id % 8 == 5);
            }
            runners.add(Thread.ofVirtual().name("soak-" + id).start(() -> {
                try {
                    body.run();
                } finally {
                    done.countDown();
                }
            }));
        }
        System.out.printf("connections: %d TCP, %d AF_UNIX stream, %d UDP%n", tcpCount, unixCount, udpCount);
        long peakFds = 0;
        long lastReport = System.nanoTime();
        while (!done.await(1, TimeUnit.SECONDS)) {
            peakFds = Math.max(peakFds, ProcSelf.descriptors());
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                System.out.printf("  ... %d messages echoed, %.1f MiB each way, %d connections running, %d descriptors%n",
                        echoed.sum(), bytesEchoed.sum() / 1048576.0, done.getCount(), ProcSelf.descriptors());
            }
            if (System.nanoTime() - endNanos > GRACE_NANOS) {
                break;
            }
        }
        long stuck = runners.stream().filter(Thread::isAlive).count();
        if (stuck > 0) {
            failures.add(stuck + " connection(s) still running " + GRACE_NANOS / 1_000_000_000 + " s after the end, e.g.\n"
                    + stackOf(runners.stream().filter(Thread::isAlive).findFirst().orElseThrow()));
            synchronized (sockets) {
                sockets.forEach(SocketType::close); // wakes them, so that the process can end
            }
        }
        peer.getOutputStream().close();
        if (!peer.waitFor(10, TimeUnit.SECONDS)) {
            peer.destroy();
        }
        for (Thread t : runners) {
            t.join(5_000);
        }
        report(stuck, peakFds, before);
        System.out.println("gained since before: descriptors " + ProcSelf.gained(fdsBefore, ProcSelf.descriptorTargets())
                + "; platform threads " + ProcSelf.gained(threadsBefore, ProcSelf.platformThreadNames()));
        return lost.sum() == 0 && corrupt.sum() == 0 && stuck == 0 && failures.isEmpty() && failedConnections.sum() == 0;
    }

    /** One stream connection: a sender and a receiver thread; buffered makefile streams only, if {@code buffered}. */
    private void stream(int id, int family, SockAddr to, boolean buffered) {
        SplittableRandom random = new SplittableRandom(id);
        try (SocketType s = M.socket(family, SOCK_STREAM)) {
            sockets.add(s);
            s.connect(to);
            try (SocketFile in = s.makefile("rb", buffered ? -1 : 0);
                    SocketFile out = s.makefile("wb", buffered ? -1 : 0)) {
                Semaphore window = new Semaphore(WINDOW);
                AtomicLong count = new AtomicLong();
                Thread sender = Thread.ofVirtual().name("soak-" + id + "-send").start(() -> {
                    try {
                        long n = 0;
                        while (System.nanoTime() - endNanos < 0) {
                            long seq = ((long) id << 32) | n;
                            byte[] m = Message.encode(seq, Message.size(random, Message.MAX_PAYLOAD));
                            window.acquire(m.length);
                            int path = buffered ? Paths.STREAM_SENDS.size() : (int) (n % Paths.STREAM_SENDS.size());
                            if (buffered) {
                                out.output().write(m);
                                out.output().flush();
                            } else {
                                Paths.send(s, out, m, path);
                            }
                            sendPaths[path].increment();
                            sent.increment();
                            bytesSent.add(m.length);
                            count.set(++n);
                        }
                        s.shutdown(SHUT_WR); // the peer echoes what it has, then closes: our end of stream
                    } catch (Exception e) {
                        failures.add("connection " + id + " send: " + e);
                        s.close();
                    }
                });
                long received = 0;
                byte[] header = new byte[Message.HEADER];
                while (true) {
                    int path = buffered ? Paths.STREAM_RECVS.size() : (int) (received % Paths.STREAM_RECVS.size());
                    int h = read(s, in, header, 0, header.length, path, buffered);
                    if (h == 0) {
                        break;
                    }
                    int length = h < header.length ? -1 : ByteBuffer.wrap(header).getInt();
                    if (length < 0 || length > Message.MAX_PAYLOAD) {
                        corrupt.increment();
                        failures.add("connection " + id + ": a message header of " + h + " bytes, length " + length);
                        break;
                    }
                    byte[] m = new byte[Message.HEADER + length + Message.TRAILER];
                    System.arraycopy(header, 0, m, 0, header.length);
                    int r = read(s, in, m, header.length, m.length - header.length, path, buffered);
                    long seq = ((long) id << 32) | received;
                    if (r < m.length - header.length || !Message.intact(m, length, seq)) {
                        corrupt.increment();
                        failures.add("connection " + id + ": message " + received + " (" + m.length + " bytes) "
                                + (r < m.length - header.length ? "cut at end of stream" : "corrupt"));
                        break;
                    }
                    recvPaths[path].increment();
                    echoed.increment();
                    bytesEchoed.add(m.length);
                    window.release(m.length);
                    received++;
                }
                sender.join();
                lost.add(Math.max(0, count.get() - received));
            }
        } catch (Exception e) {
            failedConnections.increment();
            failures.add("connection " + id + ": " + e);
        }
    }

    private static int read(SocketType s, SocketFile in, byte[] dest, int off, int len, int path, boolean buffered)
            throws IOException {
        if (buffered) {
            return in.input().readNBytes(dest, off, len);
        }
        return Paths.read(s, in, dest, off, len, path);
    }

    /** One datagram connection: one message in flight, its echo awaited for 5 s; connected or addressed per send. */
    private void datagrams(int id, SockAddr to, boolean addressed) {
        SplittableRandom random = new SplittableRandom(id);
        try (SocketType s = M.socket(AF_INET, SOCK_DGRAM)) {
            sockets.add(s);
            s.bind(new InetAddr("127.0.0.1", 0));
            if (!addressed) {
                s.connect(to);
            }
            s.settimeout(5.0);
            long n = 0;
            while (System.nanoTime() - endNanos < 0) {
                long seq = ((long) id << 32) | n;
                int length = Message.size(random, MAX_DATAGRAM - Message.HEADER - Message.TRAILER);
                byte[] m = Message.encode(seq, length);
                int sendPath = addressed ? 3 + (int) (n % 2) : (int) (n % 3);
                Paths.sendDatagram(s, m, sendPath, to);
                dgramSendPaths[sendPath].increment();
                sent.increment();
                bytesSent.add(m.length);
                int recvPath = (int) (n % Paths.DGRAM_RECVS.size());
                while (true) {
                    byte[] d;
                    try {
                        d = Paths.receiveDatagram(s, 65536, recvPath);
                    } catch (SocketTimeoutException e) {
                        lost.increment();
                        break;
                    }
                    long got = d.length >= Message.HEADER ? ByteBuffer.wrap(d).getLong(4) : -1;
                    if (got >= 0 && got < seq && (got >>> 32) == id) {
                        late.increment(); // the echo of one given up for lost: keep waiting for this one
                        continue;
                    }
                    if (d.length != m.length || !Message.intact(d, length, seq)) {
                        corrupt.increment();
                        failures.add("datagram connection " + id + ": message " + n + " came back wrong (" + d.length
                                + " bytes of " + m.length + ")");
                    } else {
                        dgramRecvPaths[recvPath].increment();
                        echoed.increment();
                        bytesEchoed.add(d.length);
                    }
                    break;
                }
                n++;
            }
        } catch (Exception e) {
            failedConnections.increment();
            failures.add("datagram connection " + id + ": " + e);
        }
    }

    private void report(long stuck, long peakFds, String before) {
        System.out.printf("messages: %d sent, %d echoed and intact%n", sent.sum(), echoed.sum());
        System.out.printf("bytes: %.1f MiB sent, %.1f MiB echoed (%.2f GiB each way)%n", bytesSent.sum() / 1048576.0,
                bytesEchoed.sum() / 1048576.0, bytesEchoed.sum() / 1073741824.0);
        System.out.printf("lost %d, corrupt %d, stuck %d (connections), failed connections %d; late datagram echoes %d%n",
                lost.sum(), corrupt.sum(), stuck, failedConnections.sum(), late.sum());
        StringBuilder paths = new StringBuilder("stream sends:");
        for (int i = 0; i < sendPaths.length; i++) {
            paths.append(' ').append(i < Paths.STREAM_SENDS.size() ? Paths.STREAM_SENDS.get(i) : "makefile(buffered) write")
                    .append(' ').append(sendPaths[i].sum()).append(i + 1 < sendPaths.length ? "," : "");
        }
        paths.append("\nstream receives:");
        for (int i = 0; i < recvPaths.length; i++) {
            paths.append(' ').append(i < Paths.STREAM_RECVS.size() ? Paths.STREAM_RECVS.get(i) : "makefile(buffered) read")
                    .append(' ').append(recvPaths[i].sum()).append(i + 1 < recvPaths.length ? "," : "");
        }
        paths.append("\ndatagram sends:");
        for (int i = 0; i < dgramSendPaths.length; i++) {
            paths.append(' ').append(Paths.DGRAM_SENDS.get(i)).append(' ').append(dgramSendPaths[i].sum())
                    .append(i + 1 < dgramSendPaths.length ? "," : "");
        }
        paths.append("\ndatagram receives:");
        for (int i = 0; i < dgramRecvPaths.length; i++) {
            paths.append(' ').append(Paths.DGRAM_RECVS.get(i)).append(' ').append(dgramRecvPaths[i].sum())
                    .append(i + 1 < dgramRecvPaths.length ? "," : "");
        }
        System.out.println(paths);
        System.out.println("before: " + before);
        System.out.println("peak:   " + peakFds + " descriptors");
        System.out.println("after:  " + ProcSelf.summary());
        failures.stream().limit(10).forEach(f -> System.out.println("failure: " + f));
        if (failures.size() > 10) {
            System.out.println("... and " + (failures.size() - 10) + " more failures");
        }
    }

    private static String stackOf(Thread t) {
        StringBuilder b = new StringBuilder(t.toString());
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("\n    at ").append(e);
        }
        return b.toString();
    }
}
