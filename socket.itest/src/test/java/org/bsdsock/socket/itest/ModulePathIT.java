package org.bsdsock.socket.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The bundle jars on the module path, outside OSGi: each is a module with a valid name, and a
 * consumer module finds the provider through {@link java.util.ServiceLoader} and runs the
 * seed's echo exchange in a plain {@code java --module-path} run, with native access enabled
 * for the provider's module only. The provider is the one under test
 * ({@link FelixOptions#PROVIDER}): one of the two jars, as a module path must have it.
 */
class ModulePathIT {
    private static final String VERSION = System.getProperty("itest.version", "0.1.0-SNAPSHOT");
    private static final Path BUNDLES = Path.of(System.getProperty("itest.bundles", "target/bundles"));
    /** The provider jar's module name (automatic, from its manifest) and its ServiceLoader class. */
    private static final String MODULE = FelixOptions.PROVIDER.equals("native") ? "org.bsdsock.socket.provider.ffm"
            : "org.bsdsock.socket.provider.uring";
    private static final String MODULE_CLASS = FelixOptions.PROVIDER.equals("native")
            ? "org.bsdsock.socket.provider.ffm.NativeSocketModule" : "org.bsdsock.socket.provider.uring.UringSocketModule";

    private static Path jar(String bundle) {
        FelixOptions.shippedBundles(); // the jars the distribution ships, unpacked
        return BUNDLES.resolve(bundle + "-" + VERSION + ".jar");
    }

    @Test
    void everyBundleIsAModule() {
        Set<String> names = ModuleFinder.of(jar("socket.api"), jar(FelixOptions.PROVIDER_BUNDLE), jar("socket.shell"))
                .findAll().stream().map(ModuleReference::descriptor).map(d -> d.name()).collect(Collectors.toSet());
        assertEquals(Set.of("org.bsdsock.socket.api", MODULE, "org.bsdsock.socket.shell"), names);
    }

    @Test
    void aConsumerModuleRunsTheEchoExchange() throws Exception {
        Path src = Path.of("target/modulepath-demo/src/demo");
        Path classes = Path.of("target/modulepath-demo/classes");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), """
                module demo {
                    requires org.bsdsock.socket.api;
                    uses org.bsdsock.socket.api.SocketModule;
                }
                """);
        Files.writeString(src.resolve("demo/Echo.java"), """
                package demo;

                import static org.bsdsock.socket.api.SocketConstants.*;

                import java.nio.charset.StandardCharsets;
                import java.util.ServiceLoader;
                import org.bsdsock.socket.api.*;

                public class Echo {
                    public static void main(String[] args) throws Exception {
                        try (SocketModule socket = ServiceLoader.load(SocketModule.class).findFirst().orElseThrow();
                             SocketType server = socket.socket(AF_INET, SOCK_STREAM);
                             SocketType client = socket.socket(AF_INET, SOCK_STREAM)) {
                            server.bind(new InetAddr("127.0.0.1", 0));
                            server.listen(1);
                            client.connect(server.getsockname());
                            client.sendall("Hello, world".getBytes(StandardCharsets.US_ASCII));
                            try (SocketType conn = server.accept().conn()) {
                                conn.sendall(conn.recv(1024));
                            }
                            System.out.println("Received '" + new String(client.recv(1024), StandardCharsets.US_ASCII) + "'");
                            System.out.println(socket.getClass().getName());
                        }
                    }
                }
                """);
        String modulePath = jar("socket.api") + File.pathSeparator + jar(FelixOptions.PROVIDER_BUNDLE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "--module-path", modulePath, src.resolve("module-info.java").toString(), src.resolve("demo/Echo.java").toString());
        assertEquals(0, rc, "the consumer module did not compile");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(),
                "--enable-native-access=" + MODULE, "--illegal-native-access=deny",
                "--module-path", modulePath + File.pathSeparator + classes, "--module", "demo/demo.Echo")).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the module-path run did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertEquals("Received 'Hello, world'\n" + MODULE_CLASS, out.strip());
        assertEquals("", err, "no warning, no error");
    }
}
