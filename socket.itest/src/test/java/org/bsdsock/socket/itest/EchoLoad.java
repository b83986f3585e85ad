package org.bsdsock.socket.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A CPython process loading an echo server: {@code connections} connections, each sending
 * checksummed messages of random size and checking every echo byte for byte, in order, while
 * new connections are opened (and closed) throughout. Closing its standard input ends it; it
 * then prints its figures, one {@code key=value} a line: messages, bytes, resets, refused,
 * lost (no echo within 20 s), corrupt (an echo that differs: a lost, duplicated or altered
 * byte), opened (new connections that completed an exchange), and the longest pause
 * between two echoes any connection saw, with the pause distribution.
 */
final class EchoLoad implements AutoCloseable {
    private static final String PEER = """
            import asyncio, os, random, sys, time
            port, n = int(sys.argv[1]), int(sys.argv[2])
            st = dict(messages=0, bytes=0, resets=0, refused=0, lost=0, corrupt=0, opened=0, other=0)
            gaps = []
            stop = asyncio.Event()
            settled = [0]  # connections that echoed once, or ended before
            async def connection():
                try:
                    r, w = await asyncio.open_connection('127.0.0.1', port)
                except ConnectionRefusedError:
                    st['refused'] += 1; settled[0] += 1; return
                seq, last = 0, time.monotonic()
                try:
                    while not stop.is_set():
                        body = os.urandom(random.randint(1, 8192))
                        msg = seq.to_bytes(8, 'big') + len(body).to_bytes(4, 'big') + body
                        w.write(msg); await w.drain()
                        try:
                            back = await asyncio.wait_for(r.readexactly(len(msg)), 20)
                        except asyncio.TimeoutError:
                            st['lost'] += 1; return
                        if back != msg:
                            st['corrupt'] += 1; return
                        st['messages'] += 1; st['bytes'] += len(msg); seq += 1
                        if seq == 1:
                            settled[0] += 1
                        now = time.monotonic(); gaps.append(now - last); last = now
                except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
                    st['resets'] += 1
                except Exception as e:
                    st['other'] += 1; print('error=' + repr(e), flush=True)
                finally:
                    if seq == 0:
                        settled[0] += 1
                    w.close()
            async def churn():
                while not stop.is_set():
                    try:
                        r, w = await asyncio.open_connection('127.0.0.1', port)
                        w.write(b'ping'); await w.drain()
                        back = await asyncio.wait_for(r.readexactly(4), 20)
                        st['opened' if back == b'ping' else 'corrupt'] += 1
                        w.close()
                    except ConnectionRefusedError:
                        st['refused'] += 1
                    except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
                        st['resets'] += 1
                    except asyncio.TimeoutError:
                        st['lost'] += 1
                    await asyncio.sleep(0.02)
            async def main():
                tasks = [asyncio.create_task(connection()) for _ in range(n)] + [asyncio.create_task(churn())]
                while settled[0] < n:  # every connection open (and echoing), so the server holds them all
                    await asyncio.sleep(0.01)
                print('ready', flush=True)
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
                stop.set()
                await asyncio.gather(*tasks)
                gaps.sort()
                q = lambda p: gaps[min(len(gaps) - 1, int(p * len(gaps)))] if gaps else 0
                for k, v in st.items():
                    print(f'{k}={v}')
                print(f'pause_max_ms={1000 * (gaps[-1] if gaps else 0):.1f}')
                print(f'pause_p99_ms={1000 * q(0.99):.2f}')
                print(f'pause_p999_ms={1000 * q(0.999):.2f}')
                print(f'pauses_over_100ms={sum(1 for g in gaps if g > 0.1)}')
            asyncio.run(main())
            """;

    private final Process process;
    private final BufferedReader out;

    /** Starts the load against {@code port}; returns once every connection has had an echo. */
    EchoLoad(int port, int connections) throws IOException, InterruptedException {
        Path script = Files.createTempFile("echo-load", ".py");
        Files.writeString(script, PEER);
        script.toFile().deleteOnExit();
        process = new ProcessBuilder("python3", script.toString(), String.valueOf(port), String.valueOf(connections))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            process.destroyForcibly();
            throw new IOException("the CPython load did not start: " + first);
        }
    }

    /** Ends the load and returns its figures. */
    Map<String, String> finish() throws IOException, InterruptedException {
        OutputStream in = process.getOutputStream();
        in.close();
        Map<String, String> figures = new HashMap<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                figures.merge(line.substring(0, eq), line.substring(eq + 1), (a, b) -> a + "; " + b);
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the CPython load did not end");
        }
        return figures;
    }

    static boolean python3Available() {
        try {
            return new ProcessBuilder("python3", "-c", "pass").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
