package org.bsdsock.socket.karaf;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.constantpool.MethodRefEntry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;

/**
 * Lets Apache Karaf 4.4 run its console on Java 24 and later. Karaf 4.4 asks for the current
 * user with {@code Subject.getSubject(AccessController.getContext())}, which Java 24 and later
 * refuse ({@code UnsupportedOperationException}: the security manager is gone); its console
 * session and its EventAdmin fail to start. Java 18 added the replacement,
 * {@code Subject.current()}. This weaving hook rewrites each such call in a bundle's class as
 * it loads: the context argument is dropped and {@code Subject.current()} is called instead.
 * Classes without the call are left as they are. It must start before Karaf's bundles load
 * those classes (start level 1 in {@code etc/startup.properties}).
 */
public final class SubjectWeaver implements BundleActivator, WeavingHook {
    private static final String SUBJECT = "javax/security/auth/Subject";
    private static final ClassDesc SUBJECT_DESC = ClassDesc.of("javax.security.auth.Subject");
    private static final MethodTypeDesc CURRENT = MethodTypeDesc.of(SUBJECT_DESC);

    private ServiceRegistration<WeavingHook> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(WeavingHook.class, this, null);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    @Override
    public void weave(WovenClass wovenClass) {
        byte[] bytes = wovenClass.getBytes();
        byte[] woven = rewrite(bytes);
        if (woven != bytes) {
            wovenClass.setBytes(woven);
        }
    }

    /**
     * @return the class with every {@code Subject.getSubject(AccessControlContext)} call made a
     *         {@code Subject.current()} call, or {@code bytes} itself if it has none
     */
    static byte[] rewrite(byte[] bytes) {
        ClassFile cf = ClassFile.of();
        ClassModel model = cf.parse(bytes);
        boolean calls = false;
        for (var entry : model.constantPool()) {
            if (entry instanceof MethodRefEntry m && isGetSubject(m)) {
                calls = true;
                break;
            }
        }
        if (!calls) {
            return bytes;
        }
        CodeTransform replace = (code, element) -> {
            if (element instanceof InvokeInstruction i && isGetSubject(i.method())) {
                code.pop(); // the AccessControlContext
                code.invokestatic(SUBJECT_DESC, "current", CURRENT);
            } else {
                code.with(element);
            }
        };
        return cf.transformClass(model, ClassTransform.transformingMethodBodies(replace));
    }

    private static boolean isGetSubject(java.lang.classfile.constantpool.MemberRefEntry m) {
        return m.owner().asInternalName().equals(SUBJECT) && m.name().equalsString("getSubject")
                && m.type().equalsString("(Ljava/security/AccessControlContext;)Ljavax/security/auth/Subject;");
    }
}
