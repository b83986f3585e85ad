"""The soak test's peer: echoes every byte it receives, over TCP and AF_UNIX streams and UDP.

Started by org.bsdsock.socket.attack.Soak: prints one line "PORTS <tcp> <udp> <unix path>",
then serves until its standard input closes. CPython's asyncio, so the far end of every
connection is another implementation of the socket calls.
"""
import asyncio
import os
import resource
import socket
import sys
import tempfile

HIGH_WATER = 256 * 1024


class StreamEcho(asyncio.Protocol):
    """Echoes a stream; stops reading while its writes wait, so its memory stays bounded."""

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH_WATER)

    def data_received(self, data):
        self.transport.write(data)

    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()


class DatagramEcho(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data, addr)


def udp_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Datagrams of up to 64 KiB from many clients at once: a large queue, forced where allowed.
    for opt in (getattr(socket, "SO_RCVBUFFORCE", None), socket.SO_RCVBUF):
        if opt is None:
            continue
        try:
            s.setsockopt(socket.SOL_SOCKET, opt, 64 * 1024 * 1024)
            break
        except OSError:
            pass
    s.bind(("127.0.0.1", 0))
    return s


async def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    loop = asyncio.get_running_loop()
    tcp = await loop.create_server(StreamEcho, "127.0.0.1", 0, backlog=4096)
    path = os.path.join(tempfile.mkdtemp(prefix="soak-peer-"), "echo.sock")
    unix = await loop.create_unix_server(StreamEcho, path, backlog=4096)
    udp, _ = await loop.create_datagram_endpoint(DatagramEcho, sock=udp_socket())
    print("PORTS", tcp.sockets[0].getsockname()[1], udp.get_extra_info("sockname")[1], path, flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # until the soak closes our stdin
    tcp.close()
    unix.close()
    udp.close()
    os.unlink(path)
    os.rmdir(os.path.dirname(path))


asyncio.run(main())
