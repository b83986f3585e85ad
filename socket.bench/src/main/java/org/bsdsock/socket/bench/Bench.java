package org.bsdsock.socket.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run per process, so each gets a fresh JIT and nothing else loaded:
 * {@code Bench WORKLOAD IMPL [--ops N]} prints one line
 * {@code RESULT WORKLOAD IMPL OPS SECONDS RATE UNIT ALLOC_BYTES_PER_OP USER_SECONDS SYS_SECONDS}
 * (the last two: the process's CPU time over the measured window), as the C program
 * ({@code src/main/c/cbench.c}) does. bench.sh runs every workload for each implementation,
 * round by round, pins the ping-pongs to one CPU, counts syscalls, and prints the tables.
 * {@code -Dbench.warmup=S -Dbench.measure=S} change the timed window (default 2 s and 4 s,
 * W7 3 s and 5 s); {@code -Dbench.w2.gib=G} W2's measured volume (default 2, after a quarter
 * of it as warm-up).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("peer7")) {
            Peer7.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Double.parseDouble(args[3]), Double.parseDouble(args[4]),
                    args.length > 5 ? Long.parseLong(args[5]) : 0);
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: Bench w1|w1s|w2|w3|w4|w5|w7 ours|uring|nio [--ops N]");
            System.exit(2);
        }
        String w = args[0];
        String impl = args[1];
        long ops = args.length >= 4 && args[2].equals("--ops") ? Long.parseLong(args[3]) : 0;
        Workloads work = switch (impl) {
            case "ours" -> new Ours(); // the epoll engine, as ServiceLoader finds the provider
            case "uring" -> new Ours("URING"); // the same provider on the io_uring engine
            case "nio" -> new Nio();
            default -> throw new IllegalArgumentException("impl: ours, uring or nio, not " + impl);
        };
        Plan plan = ops > 0 ? Plan.ops(ops) : Plan.timed(property("bench.warmup", 2), property("bench.measure", 4));
        Path dir = Files.createTempDirectory("socket-bench");
        try {
            switch (w) {
                case "w1" -> report(w, impl, work.w1(plan), "rt/s");
                case "w1s" -> report(w, impl, work.w1Seed(plan), "rt/s");
                case "w2" -> {
                    long g = 1L << 30;
                    long bytes = (long) (property("bench.w2.gib", 2) * g);
                    Plan.Measured r = ops > 0 ? work.w2(0, ops) : work.w2(bytes / 4, bytes);
                    print(w, impl, r, String.format("%.4f GiB/s", r.ops() / r.seconds() / g));
                }
                case "w3" -> report(w, impl, work.w3(plan), "conn/s");
                case "w4" -> report(w, impl, work.w4(plan), "rt/s");
                case "w5" -> report(w, impl, work.w5(plan, dir), "rt/s");
                case "w7" -> w7(work, impl, ops);
                default -> throw new IllegalArgumentException("unknown workload " + w);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static double property(String name, double otherwise) {
        String v = System.getProperty(name);
        return v == null ? otherwise : Double.parseDouble(v);
    }

    private static void report(String w, String impl, Plan.Measured r, String unit) {
        print(w, impl, r, String.format("%.1f %s", r.ops() / r.seconds(), unit));
    }

    private static void print(String w, String impl, Plan.Measured r, String rate) {
        System.out.printf("RESULT %s %s %d %.6f %s %.2f %.6f %.6f%n", w, impl, r.ops(), r.seconds(), rate,
                r.allocPerOp(), r.cpu().user(), r.cpu().sys());
    }

    /**
     * W7: the server here (virtual threads on 2 carriers), the NIO load in a second JVM. Timed:
     * the load is this process's child, and the allocation and CPU time per round trip are
     * the server process's, over the load's measured window. With {@code ops} (syscall counting): prints
     * {@code PORT p}, and bench.sh starts the load itself, outside strace; the server exits
     * once every connection is closed.
     */
    private static void w7(Workloads work, String impl, long ops) throws Exception {
        int connections = Integer.getInteger("w7.connections", 10_000);
        java.util.concurrent.CountDownLatch served = new java.util.concurrent.CountDownLatch(connections);
        int port = work.w7Server(0, connections, served);
        if (ops > 0) {
            System.out.println("PORT " + port);
            System.out.flush();
            if (!served.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the W7 load did not close its connections");
            }
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Bench.class.getName());
        cmd.addAll(List.of("peer7", String.valueOf(port), String.valueOf(connections),
                String.valueOf(property("bench.warmup", 3)), String.valueOf(property("bench.measure", 5))));
        Process peer = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        long a0 = 0;
        long a1 = 0;
        Cpu cpu0 = Cpu.NONE;
        Cpu cpu = Cpu.NONE;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("MEASURING")) {
                    a0 = Plan.allocatedByAll();
                    cpu0 = Cpu.now();
                } else if (line.startsWith("PEER7 ")) {
                    cpu = Cpu.now().since(cpu0);
                    a1 = Plan.allocatedByAll();
                    result = line;
                }
            }
        }
        if (!peer.waitFor(120, TimeUnit.SECONDS) || result == null) {
            peer.destroyForcibly();
            throw new IllegalStateException("the W7 peer failed");
        }
        String[] f = result.split(" ");
        long n = Long.parseLong(f[1]);
        double s = Double.parseDouble(f[2]);
        print("w7", impl, new Plan.Measured(n, s, (double) (a1 - a0) / n, cpu), String.format("%.1f rt/s", n / s));
    }

}
