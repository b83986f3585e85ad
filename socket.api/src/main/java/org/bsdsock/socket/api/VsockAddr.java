package org.bsdsock.socket.api;

/**
 * An {@code AF_VSOCK} address, CPython's {@code (cid, port)} pair ({@code struct sockaddr_vm}):
 * the context ID of a virtual machine or its host, and a port.
 * {@link SocketConstants#VMADDR_CID_ANY} and {@link SocketConstants#VMADDR_PORT_ANY} are the
 * wildcards for {@code bind}; {@link SocketConstants#VMADDR_CID_HOST} is the host,
 * {@code VMADDR_CID_LOCAL} (1) this machine through the loopback transport.
 *
 * @param cid  the context ID ({@code svm_cid}), 0 to 2<sup>32</sup>-1
 * @param port the port ({@code svm_port}), 0 to 2<sup>32</sup>-1
 * @since 1.4
 */
public record VsockAddr(long cid, long port) implements SockAddr {
    /**
     * Checks the fields' ranges.
     *
     * @throws IllegalArgumentException if cid or port is outside 0 to 2<sup>32</sup>-1
     */
    public VsockAddr {
        Ranges.u32("AF_VSOCK", "cid", cid);
        Ranges.u32("AF_VSOCK", "port", port);
    }

    /** {@return {@code cid:port}, e.g. {@code 4294967295:5000} for any CID} */
    @Override
    public String toString() {
        return cid + ":" + port;
    }
}
