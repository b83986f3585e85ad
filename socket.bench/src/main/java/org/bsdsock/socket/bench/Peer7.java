package org.bsdsock.socket.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * W7's load: a second process (10,000 connections do not fit one process's 20,000 fds with
 * both ends) driving every connection with 1-byte round trips from one selector thread, the
 * same peer whichever server implementation it talks to.
 */
final class Peer7 {
    private Peer7() {
    }

    /**
     * Drives every connection; with {@code exactOps} 0, for {@code warmup} then
     * {@code measure} seconds, printing {@code MEASURING} when the measured window opens and
     * {@code PEER7 ROUND_TRIPS SECONDS} at its end; with {@code exactOps} > 0, until that many
     * round trips in all (for syscall counting), printing {@code PEER7 ROUND_TRIPS SECONDS}.
     * Then it closes every connection.
     */
    static void run(int port, int connections, double warmup, double measure, long exactOps) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        List<SocketChannel> all = new ArrayList<>(connections);
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(server);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.configureBlocking(false);
                c.register(sel, SelectionKey.OP_READ);
                all.add(c);
            }
            ByteBuffer one = ByteBuffer.allocateDirect(1);
            for (SocketChannel c : all) {
                one.clear();
                c.write(one);
            }
            long t0 = System.nanoTime();
            long measureStart = exactOps > 0 ? t0 : t0 + (long) (warmup * 1e9);
            long end = exactOps > 0 ? Long.MAX_VALUE : measureStart + (long) (measure * 1e9);
            long counted = 0;
            boolean measuring = false;
            long now;
            while ((now = System.nanoTime()) < end && (exactOps == 0 || counted < exactOps)) {
                if (!measuring && now >= measureStart) {
                    measuring = true;
                    System.out.println("MEASURING");
                    System.out.flush();
                }
                sel.select(100);
                for (SelectionKey k : sel.selectedKeys()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    one.clear();
                    int n = c.read(one);
                    if (n < 0) {
                        throw new IOException("server closed a connection");
                    }
                    if (n == 1) {
                        if (now >= measureStart) {
                            counted++;
                        }
                        if (exactOps > 0 && counted >= exactOps) {
                            break;
                        }
                        one.clear();
                        c.write(one);
                    }
                }
                sel.selectedKeys().clear();
            }
            double seconds = (now - measureStart) / 1e9;
            System.out.println("PEER7 " + counted + " " + seconds);
            for (SocketChannel c : all) {
                c.close();
            }
        }
    }
}
