package org.bsdsock.socket.attack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketType;

/** Every way the API sends and receives bytes, each a path the soak rotates through. */
final class Paths {
    private Paths() {
    }

    /** The stream send paths. */
    static final List<String> STREAM_SENDS = List.of("sendall(byte[])", "send(byte[]) loop", "sendall(heap)",
            "sendall(direct)", "send(heap) loop", "send(direct) loop", "sendmsg loop", "makefile write");

    /** The stream receive paths. */
    static final List<String> STREAM_RECVS = List.of("recv", "recv(MSG_WAITALL)", "recv_into(byte[])",
            "recv_into(heap)", "recv_into(direct)", "recvfrom", "recvmsg", "recvmsg_into", "makefile read");

    /** Sends all of {@code m} on a stream socket by path {@code path}; {@code out} is the socket's unbuffered file. */
    static void send(SocketType s, SocketFile out, byte[] m, int path) throws IOException {
        switch (path) {
            case 0 -> s.sendall(m);
            case 1 -> {
                int sent = 0;
                while (sent < m.length) {
                    sent += s.send(sent == 0 ? m : Arrays.copyOfRange(m, sent, m.length), 0);
                }
            }
            case 2 -> s.sendall(ByteBuffer.wrap(m));
            case 3 -> s.sendall(ByteBuffer.allocateDirect(m.length).put(m).flip());
            case 4, 5 -> {
                ByteBuffer b = path == 4 ? ByteBuffer.wrap(m) : ByteBuffer.allocateDirect(m.length).put(m).flip();
                while (b.hasRemaining()) {
                    s.send(b, 0);
                }
            }
            case 6 -> {
                int sent = 0;
                while (sent < m.length) {
                    sent += s.sendmsg(thirds(m, sent));
                }
            }
            default -> {
                out.output().write(m);
                out.output().flush();
            }
        }
    }

    /** @return the bytes of {@code m} from {@code from}, in up to three buffers (a gathering write) */
    private static List<byte[]> thirds(byte[] m, int from) {
        int n = m.length - from;
        int a = from + n / 3;
        int b = from + 2 * n / 3;
        return List.of(Arrays.copyOfRange(m, from, a), Arrays.copyOfRange(m, a, b), Arrays.copyOfRange(m, b, m.length));
    }

    /**
     * Receives {@code len} bytes into {@code dest} at {@code off} by path {@code path}, unless
     * the stream ends first; {@code in} is the socket's unbuffered file (which never reads ahead
     * of what it is asked).
     *
     * @return how many bytes arrived: {@code len}, or fewer at end of stream
     */
    static int read(SocketType s, SocketFile in, byte[] dest, int off, int len, int path) throws IOException {
        int got = 0;
        while (got < len) {
            int want = len - got;
            int n = switch (path) {
                case 0 -> copy(s.recv(want), dest, off + got);
                case 1 -> copy(s.recv(want, SocketConstants.MSG_WAITALL), dest, off + got);
                case 2 -> {
                    byte[] tmp = new byte[Math.min(want, 65536)];
                    int r = s.recv_into(tmp, tmp.length, 0);
                    System.arraycopy(tmp, 0, dest, off + got, r);
                    yield r;
                }
                case 3 -> s.recv_into(ByteBuffer.wrap(dest, off + got, want), 0);
                case 4 -> {
                    ByteBuffer d = ByteBuffer.allocateDirect(Math.min(want, 65536));
                    int r = s.recv_into(d, 0);
                    d.flip().get(dest, off + got, r);
                    yield r;
                }
                case 5 -> copy(s.recvfrom(want).data(), dest, off + got);
                case 6 -> {
                    ReceivedMessage r = s.recvmsg(want);
                    yield copy(r.data(), dest, off + got);
                }
                case 7 -> {
                    int half = want / 2;
                    ByteBuffer a = ByteBuffer.wrap(dest, off + got, half);
                    ByteBuffer b = ByteBuffer.allocateDirect(want - half);
                    ReceivedMessageInto r = s.recvmsg_into(List.of(a, b));
                    int inB = b.position();
                    b.flip().get(dest, off + got + half, inB);
                    yield r.nbytes();
                }
                default -> {
                    int r = in.input().read(dest, off + got, want);
                    yield r < 0 ? 0 : r;
                }
            };
            if (n == 0) {
                return got;
            }
            got += n;
        }
        return got;
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return from.length;
    }

    /** The datagram send paths; those with an address work on an unconnected socket. */
    static final List<String> DGRAM_SENDS = List.of("send", "send(direct)", "sendmsg", "sendto", "sendmsg(address)");

    /** The datagram receive paths. */
    static final List<String> DGRAM_RECVS = List.of("recv", "recvfrom", "recv_into(byte[])", "recv_into(direct)",
            "recvmsg", "recvmsg_into");

    /** Sends datagram {@code m} by path {@code path} (0-2 on a connected socket, 3-4 with {@code to}). */
    static void sendDatagram(SocketType s, byte[] m, int path, SockAddr to) throws IOException {
        int n = switch (path) {
            case 0 -> s.send(m);
            case 1 -> s.send(ByteBuffer.allocateDirect(m.length).put(m).flip(), 0);
            case 2 -> s.sendmsg(List.of(m));
            case 3 -> s.sendto(m, to);
            default -> s.sendmsg(List.of(m), List.of(), 0, to);
        };
        if (n != m.length) {
            throw new IOException("a datagram of " + m.length + " bytes went as " + n);
        }
    }

    /** @return one datagram received by path {@code path}, at most {@code max} bytes */
    static byte[] receiveDatagram(SocketType s, int max, int path) throws IOException {
        return switch (path) {
            case 0 -> s.recv(max);
            case 1 -> s.recvfrom(max).data();
            case 2 -> {
                byte[] b = new byte[max];
                yield Arrays.copyOf(b, s.recv_into(b, max, 0));
            }
            case 3 -> {
                ByteBuffer d = ByteBuffer.allocateDirect(max);
                int n = s.recv_into(d, 0);
                byte[] b = new byte[n];
                d.flip().get(b);
                yield b;
            }
            case 4 -> s.recvmsg(max).data();
            default -> {
                ByteBuffer a = ByteBuffer.allocate(max / 2);
                ByteBuffer b = ByteBuffer.allocateDirect(max - max / 2);
                int n = s.recvmsg_into(List.of(a, b)).nbytes();
                byte[] out = new byte[n];
                System.arraycopy(a.array(), 0, out, 0, a.position());
                b.flip().get(out, a.position(), n - a.position());
                yield out;
            }
        };
    }
}
