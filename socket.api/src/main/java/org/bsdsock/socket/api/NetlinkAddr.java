package org.bsdsock.socket.api;

/**
 * An {@code AF_NETLINK} address, CPython's {@code (pid, groups)} pair ({@code struct sockaddr_nl}).
 *
 * <p>{@code pid} is the socket's port ID, not necessarily a process ID: binding with 0 lets the
 * kernel assign one (the process ID for a process's first netlink socket), and 0 as a destination
 * is the kernel. {@code groups} is the bit mask of the multicast groups (group {@code n} is bit
 * {@code n - 1}); groups past 32 are joined with
 * {@code setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, n)}.
 *
 * @param pid    the port ID ({@code nl_pid}), 0 to 2<sup>32</sup>-1
 * @param groups the multicast group mask ({@code nl_groups}), 0 to 2<sup>32</sup>-1
 * @since 1.4
 */
public record NetlinkAddr(long pid, long groups) implements SockAddr {
    /**
     * Checks the fields' ranges.
     *
     * @throws IllegalArgumentException if pid or groups is outside 0 to 2<sup>32</sup>-1
     */
    public NetlinkAddr {
        Ranges.u32("AF_NETLINK", "pid", pid);
        Ranges.u32("AF_NETLINK", "groups", groups);
    }

    /** {@return {@code pid:groups}, e.g. {@code 4213:0}} */
    @Override
    public String toString() {
        return pid + ":" + groups;
    }
}
