package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.Ucred;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every C structure in {@link Layouts}, every constant in {@link Libc}, the {@code CMSG_*}
 * macros of {@link MsgStructs} and socket.api's constants taken from the C headers
 * ({@link HeaderConstants}), against the C compiler: a C program is written from the Java
 * side (so nothing can be forgotten), compiled with {@code gcc} against the system headers, run,
 * and its {@code sizeof}, {@code _Alignof}, {@code offsetof} and values compared with the Java
 * ones. Skipped, visibly, where there is no {@code gcc}.
 */
class LayoutsTest {
    /** The headers of every structure and constant checked ({@code _GNU_SOURCE} for {@code struct ucred}). */
    private static final List<String> HEADERS = List.of("stddef.h", "stdio.h", "fcntl.h", "poll.h", "signal.h",
            "netdb.h", "net/if.h", "netinet/in.h", "sys/epoll.h", "sys/ioctl.h", "sys/socket.h", "sys/uio.h",
            "sys/un.h", "linux/sockios.h", "linux/netlink.h", "linux/if_packet.h", "linux/if_ether.h",
            "linux/vm_sockets.h", "time.h", "sys/mman.h", "sys/syscall.h", "linux/io_uring.h");

    /** The arguments the {@code CMSG_*} macros are checked with. */
    private static final long[] CMSG_ARGUMENTS = {0, 1, 4, 7, 8, 12, 16, 17, 4 * 253};

    @Test
    void everyLayoutConstantAndMacroIsTheCCompilers(@TempDir Path dir) throws Exception {
        Map<String, Long> java = javaAnswers();
        Map<String, Long> c = compilerAnswers(dir, java.keySet());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : java.entrySet()) {
            Long expected = c.get(e.getKey());
            if (!e.getValue().equals(expected)) {
                wrong.add(e.getKey() + ": Java " + e.getValue() + ", C " + expected);
            }
        }
        assertTrue(wrong.isEmpty(), "differ from the C compiler's:\n" + String.join("\n", wrong));
        assertEquals(java.size(), c.size(), "one C answer per Java value");
    }

    @Test
    void theApisStructUcredIsTheProvidersOne() {
        assertEquals(Layouts.UCRED.byteSize(), Ucred.size());
    }

    // ---- the Java side ------------------------------------------------------------------------

    /** @return each checked quantity, by a key that is also its C expression's label */
    private static Map<String, Long> javaAnswers() throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (StructLayout struct : structs()) {
            String name = struct.name().orElseThrow();
            out.put("sizeof " + name, struct.byteSize());
            out.put("alignof " + name, struct.byteAlignment());
            for (MemoryLayout member : struct.memberLayouts()) {
                if (member.name().isPresent()) {
                    String field = name + "." + member.name().get();
                    out.put("offsetof " + field, struct.byteOffset(MemoryLayout.PathElement.groupElement(
                            member.name().get())));
                    out.put("sizeof " + field, member.byteSize());
                }
            }
        }
        for (Field f : Libc.class.getDeclaredFields()) {
            if (isConstant(f)) {
                f.setAccessible(true);
                out.put("value " + f.getName(), ((Number) f.get(null)).longValue());
            }
        }
        for (long n : CMSG_ARGUMENTS) {
            out.put("value CMSG_ALIGN(" + n + ")", MsgStructs.CMSG_ALIGN(n));
            out.put("value CMSG_LEN(" + n + ")", MsgStructs.CMSG_LEN(n));
            out.put("value CMSG_SPACE(" + n + ")", MsgStructs.CMSG_SPACE(n));
        }
        out.put("value CMSG_DATA", MsgStructs.CMSG_DATA());
        // socket.api's constants that come from the C headers, not from CPython
        for (String name : HeaderConstants.names()) {
            out.put("value " + name, SocketConstants.lookup(name).orElseThrow());
        }
        return out;
    }

    /** @return every structure of {@link Layouts}; each must be named */
    private static List<StructLayout> structs() throws IllegalAccessException {
        List<StructLayout> out = new ArrayList<>();
        for (Field f : Layouts.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == StructLayout.class) {
                f.setAccessible(true);
                StructLayout s = (StructLayout) f.get(null);
                assertTrue(s.name().isPresent(), "Layouts." + f.getName() + " has no C name");
                out.add(s);
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    /** Libc's constants are its static final primitive fields, each named as its C macro. */
    private static boolean isConstant(Field f) {
        int m = f.getModifiers();
        return Modifier.isStatic(m) && Modifier.isFinal(m)
                && (f.getType() == int.class || f.getType() == short.class || f.getType() == long.class);
    }

    // ---- the C side ---------------------------------------------------------------------------

    private static Map<String, Long> compilerAnswers(Path dir, Iterable<String> keys) throws Exception {
        String why = gccUnavailable();
        if (why != null) {
            System.err.println("LayoutsTest skipped: " + why);
        }
        Assumptions.assumeTrue(why == null, () -> "LayoutsTest needs gcc: " + why);
        StringBuilder program = new StringBuilder("#define _GNU_SOURCE\n");
        for (String h : HEADERS) {
            program.append("#include <").append(h).append(">\n");
        }
        program.append("int main(void) {\n    unsigned char cmsg[64];\n");
        for (String key : keys) {
            program.append("    printf(\"%s %lld\\n\", \"").append(key).append("\", (long long) (")
                    .append(cExpression(key)).append("));\n");
        }
        program.append("    return 0;\n}\n");
        Path source = dir.resolve("layouts.c");
        Path binary = dir.resolve("layouts");
        Files.writeString(source, program);
        run(dir, List.of("gcc", "-o", binary.toString(), source.toString()));
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : run(dir, List.of(binary.toString()))) {
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
        return out;
    }

    /** The C expression of a key such as {@code offsetof sockaddr_in.sin_port}. */
    private static String cExpression(String key) {
        String[] kind = key.split(" ", 2);
        String what = kind[1];
        int dot = what.indexOf('.');
        return switch (kind[0]) {
            case "sizeof" -> dot < 0 ? "sizeof(struct " + what + ")"
                    : "sizeof(((struct " + what.substring(0, dot) + " *) 0)->" + what.substring(dot + 1) + ")";
            case "alignof" -> "_Alignof(struct " + what + ")";
            case "offsetof" -> "offsetof(struct " + what.substring(0, dot) + ", " + what.substring(dot + 1) + ")";
            case "value" -> what.equals("CMSG_DATA")
                    ? "CMSG_DATA((struct cmsghdr *) cmsg) - cmsg"
                    : valueOf(what);
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** A constant as the Java type holds it: EPOLLET is 1u << 31 in C, a negative int in Java. */
    private static String valueOf(String name) {
        try {
            if (name.contains("(") || HeaderConstants.names().contains(name)) {
                return "(long long) " + name;
            }
            Class<?> type = Libc.class.getDeclaredField(name).getType();
            return type == int.class ? "(int) " + name : type == short.class ? "(short) " + name : name;
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private static String gccUnavailable() {
        try {
            List<String> version = run(Path.of(System.getProperty("java.io.tmpdir")), List.of("gcc", "--version"));
            return version.isEmpty() ? "gcc --version printed nothing" : null;
        } catch (IOException e) {
            return "gcc not found or not working: " + e.getMessage();
        }
    }

    private static List<String> run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException(command + " did not finish in 60 s");
            }
            String text = new String(out.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(command + " exited with " + p.exitValue() + ":\n" + text);
            }
            return text.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the output of " + command, e);
        } finally {
            p.destroyForcibly(); // a no-op once it has ended
        }
    }
}
