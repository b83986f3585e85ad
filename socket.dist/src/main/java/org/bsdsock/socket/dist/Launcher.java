package org.bsdsock.socket.dist;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The executable jar's entry point: on a Java older than the bundles need, it says so in one
 * line and exits with status 1; otherwise it hands over to bnd's embedded launcher, which
 * starts the framework.
 *
 * <p>This class is compiled for Java 8, so that any {@code java} a user is likely to type
 * {@code java -jar socket.jar} with can load it. Without it, bnd's launcher (Java 17
 * bytecode) fails with a class-version stack trace on older Javas, and on 17 to 24 starts a
 * framework whose bundles cannot resolve.
 */
public final class Launcher {
    /** The manifest attribute that holds the Java feature version the bundles need. */
    static final String JAVA_RELEASE = "Socket-Java-Release";
    private static final String BND_LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";

    private Launcher() {
    }

    /**
     * Checks the running Java, then starts the framework.
     *
     * @param args passed on to the bnd launcher
     * @throws Throwable whatever the bnd launcher throws
     */
    public static void main(String[] args) throws Throwable {
        String spec = System.getProperty("java.specification.version");
        int required = requiredRelease();
        if (featureVersion(spec) < required) {
            System.err.println("socket.jar needs Java " + required + " or newer; this java is " + spec
                    + " (" + System.getProperty("java.home") + ")");
            System.exit(1);
        }
        Method main = Class.forName(BND_LAUNCHER).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** @return the feature version of a {@code java.specification.version}: "1.8" is 8, "17" is 17 */
    static int featureVersion(String spec) {
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int dot = s.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return the release the build compiled the bundles for, as the jar's manifest records it */
    private static int requiredRelease() throws IOException {
        Enumeration<URL> manifests = Launcher.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            InputStream in = manifests.nextElement().openStream();
            try {
                Attributes main = new Manifest(in).getMainAttributes();
                String release = main.getValue(JAVA_RELEASE);
                if (release != null) {
                    return Integer.parseInt(release.trim());
                }
            } finally {
                in.close();
            }
        }
        throw new IllegalStateException("no " + JAVA_RELEASE + " in the jar's manifest");
    }
}
