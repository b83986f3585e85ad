package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.SocketException;

/**
 * The module's name-service and conversion functions: the seed's {@code gethostby*},
 * {@code getprotobyname}, {@code getservbyname}, byte-order and {@code inet_*} functions,
 * on the C library's reentrant calls only.
 */
final class Netdb {
    private Netdb() {
    }

    static String gethostbyname(String hostname) throws SocketException {
        throw new UnsupportedOperationException("gethostbyname: not yet");
    }

    static HostEntry gethostbyname_ex(String hostname) throws SocketException {
        throw new UnsupportedOperationException("gethostbyname_ex: not yet");
    }

    static String gethostname() throws SocketException {
        throw new UnsupportedOperationException("gethostname: not yet");
    }

    static HostEntry gethostbyaddr(String ip_address) throws SocketException {
        throw new UnsupportedOperationException("gethostbyaddr: not yet");
    }

    static int getprotobyname(String protocolname) throws SocketException {
        throw new UnsupportedOperationException("getprotobyname: not yet");
    }

    static int getservbyname(String servicename, String protocolname) throws SocketException {
        throw new UnsupportedOperationException("getservbyname: not yet");
    }

    static long ntohl(long x) {
        throw new UnsupportedOperationException("ntohl: not yet");
    }

    static int ntohs(int x) {
        throw new UnsupportedOperationException("ntohs: not yet");
    }

    static long htonl(long x) {
        throw new UnsupportedOperationException("htonl: not yet");
    }

    static int htons(int x) {
        throw new UnsupportedOperationException("htons: not yet");
    }

    static byte[] inet_aton(String ip_string) throws SocketException {
        throw new UnsupportedOperationException("inet_aton: not yet");
    }

    static String inet_ntoa(byte[] packed_ip) {
        throw new UnsupportedOperationException("inet_ntoa: not yet");
    }
}
