package org.bsdsock.socket.bench;

import java.nio.file.Path;

/** The benchmark's loopback workloads, implemented once on our API and once on JDK NIO. */
interface Workloads {
    /** W1: TCP ping-pong, 1-byte messages, TCP_NODELAY; one op = one round trip. */
    Plan.Measured w1(Plan plan) throws Exception;

    /**
     * W1 as the seed's example writes it: the echo side loops on {@code data = conn.recv(1)},
     * {@code conn.send(data)}, and the client sends the array it last received (a new array
     * per receive, on both sides); NIO's nearest form reads into a new heap buffer each time.
     */
    Plan.Measured w1Seed(Plan plan) throws Exception;

    /** W2: TCP bulk, {@code bytes} in 64 KiB writes and 64 KiB reads after {@code warmBytes}; ops = bytes. */
    Plan.Measured w2(long warmBytes, long bytes) throws Exception;

    /** W3: sequential connect / accept / close; one op = one connection. */
    Plan.Measured w3(Plan plan) throws Exception;

    /** W4: UDP ping-pong, 64-byte datagrams; one op = one round trip. */
    Plan.Measured w4(Plan plan) throws Exception;

    /** W5: AF_UNIX stream ping-pong, 1 byte; one op = one round trip. */
    Plan.Measured w5(Plan plan, Path dir) throws Exception;

    /**
     * W7 server side: accepts {@code connections} on 127.0.0.1:{@code port} (0 for any) and
     * serves each with its own virtual thread echoing 1-byte messages.
     *
     * @param served counted down as each connection's thread ends (its peer closed it)
     * @return the bound port
     */
    int w7Server(int port, int connections, java.util.concurrent.CountDownLatch served) throws Exception;
}
