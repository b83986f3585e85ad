package org.bsdsock.socket.api;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The platform's {@code errno} values, as Python's {@code errno} module has them: the numbers
 * {@link SocketException#errno()} returns. Like {@link SocketConstants}, none is a compile-time
 * constant; a name the platform does not define holds -1.
 */
public final class Errno {
    private static final PlatformTable T = PlatformTable.ERRNO;

    private Errno() {
    }

    /**
     * The symbolic name of an errno value, as Python's {@code errno.errorcode[code]}.
     *
     * @param code an errno value
     * @return its name (e.g. {@code "ECONNREFUSED"}), or {@code "E" + code} if the platform has none
     */
    public static String errorcode(int code) {
        String name = NAMES.get(code);
        return name != null ? name : "E" + code;
    }

    // Names sharing a value with a canonical one; left out of errorcode() as Python does.
    private static final java.util.Set<String> ALIASES =
            java.util.Set.of("EWOULDBLOCK", "EDEADLK", "EOPNOTSUPP");
    private static final Map<Integer, String> NAMES = new java.util.HashMap<>();

    static {
        T.all().forEach((name, value) -> {
            if (!ALIASES.contains(name)) {
                NAMES.put(value.intValue(), name);
            }
        });
    }

    /**
     * @param name an errno name, e.g. {@code "EPROTO"}
     * @return its value, or empty where the platform does not define it
     */
    public static OptionalLong lookup(String name) {
        return T.lookup(name);
    }

    public static final int EPERM = T.i("EPERM");
    public static final int ENOENT = T.i("ENOENT");
    public static final int ESRCH = T.i("ESRCH");
    public static final int EINTR = T.i("EINTR");
    public static final int EIO = T.i("EIO");
    public static final int ENXIO = T.i("ENXIO");
    public static final int E2BIG = T.i("E2BIG");
    public static final int ENOEXEC = T.i("ENOEXEC");
    public static final int EBADF = T.i("EBADF");
    public static final int ECHILD = T.i("ECHILD");
    public static final int EAGAIN = T.i("EAGAIN");
    public static final int ENOMEM = T.i("ENOMEM");
    public static final int EACCES = T.i("EACCES");
    public static final int EFAULT = T.i("EFAULT");
    public static final int ENOTBLK = T.i("ENOTBLK");
    public static final int EBUSY = T.i("EBUSY");
    public static final int EEXIST = T.i("EEXIST");
    public static final int EXDEV = T.i("EXDEV");
    public static final int ENODEV = T.i("ENODEV");
    public static final int ENOTDIR = T.i("ENOTDIR");
    public static final int EISDIR = T.i("EISDIR");
    public static final int EINVAL = T.i("EINVAL");
    public static final int ENFILE = T.i("ENFILE");
    public static final int EMFILE = T.i("EMFILE");
    public static final int ENOTTY = T.i("ENOTTY");
    public static final int ETXTBSY = T.i("ETXTBSY");
    public static final int EFBIG = T.i("EFBIG");
    public static final int ENOSPC = T.i("ENOSPC");
    public static final int ESPIPE = T.i("ESPIPE");
    public static final int EROFS = T.i("EROFS");
    public static final int EMLINK = T.i("EMLINK");
    public static final int EPIPE = T.i("EPIPE");
    public static final int EDOM = T.i("EDOM");
    public static final int ERANGE = T.i("ERANGE");
    public static final int EDEADLOCK = T.i("EDEADLOCK");
    public static final int ENAMETOOLONG = T.i("ENAMETOOLONG");
    public static final int ENOLCK = T.i("ENOLCK");
    public static final int ENOSYS = T.i("ENOSYS");
    public static final int ENOTEMPTY = T.i("ENOTEMPTY");
    public static final int ELOOP = T.i("ELOOP");
    public static final int ENOMSG = T.i("ENOMSG");
    public static final int EIDRM = T.i("EIDRM");
    public static final int ECHRNG = T.i("ECHRNG");
    public static final int EL2NSYNC = T.i("EL2NSYNC");
    public static final int EL3HLT = T.i("EL3HLT");
    public static final int EL3RST = T.i("EL3RST");
    public static final int ELNRNG = T.i("ELNRNG");
    public static final int EUNATCH = T.i("EUNATCH");
    public static final int ENOCSI = T.i("ENOCSI");
    public static final int EL2HLT = T.i("EL2HLT");
    public static final int EBADE = T.i("EBADE");
    public static final int EBADR = T.i("EBADR");
    public static final int EXFULL = T.i("EXFULL");
    public static final int ENOANO = T.i("ENOANO");
    public static final int EBADRQC = T.i("EBADRQC");
    public static final int EBADSLT = T.i("EBADSLT");
    public static final int EBFONT = T.i("EBFONT");
    public static final int ENOSTR = T.i("ENOSTR");
    public static final int ENODATA = T.i("ENODATA");
    public static final int ETIME = T.i("ETIME");
    public static final int ENOSR = T.i("ENOSR");
    public static final int ENONET = T.i("ENONET");
    public static final int ENOPKG = T.i("ENOPKG");
    public static final int EREMOTE = T.i("EREMOTE");
    public static final int ENOLINK = T.i("ENOLINK");
    public static final int EADV = T.i("EADV");
    public static final int ESRMNT = T.i("ESRMNT");
    public static final int ECOMM = T.i("ECOMM");
    public static final int EPROTO = T.i("EPROTO");
    public static final int EMULTIHOP = T.i("EMULTIHOP");
    public static final int EDOTDOT = T.i("EDOTDOT");
    public static final int EBADMSG = T.i("EBADMSG");
    public static final int EOVERFLOW = T.i("EOVERFLOW");
    public static final int ENOTUNIQ = T.i("ENOTUNIQ");
    public static final int EBADFD = T.i("EBADFD");
    public static final int EREMCHG = T.i("EREMCHG");
    public static final int ELIBACC = T.i("ELIBACC");
    public static final int ELIBBAD = T.i("ELIBBAD");
    public static final int ELIBSCN = T.i("ELIBSCN");
    public static final int ELIBMAX = T.i("ELIBMAX");
    public static final int ELIBEXEC = T.i("ELIBEXEC");
    public static final int EILSEQ = T.i("EILSEQ");
    public static final int ERESTART = T.i("ERESTART");
    public static final int ESTRPIPE = T.i("ESTRPIPE");
    public static final int EUSERS = T.i("EUSERS");
    public static final int ENOTSOCK = T.i("ENOTSOCK");
    public static final int EDESTADDRREQ = T.i("EDESTADDRREQ");
    public static final int EMSGSIZE = T.i("EMSGSIZE");
    public static final int EPROTOTYPE = T.i("EPROTOTYPE");
    public static final int ENOPROTOOPT = T.i("ENOPROTOOPT");
    public static final int EPROTONOSUPPORT = T.i("EPROTONOSUPPORT");
    public static final int ESOCKTNOSUPPORT = T.i("ESOCKTNOSUPPORT");
    public static final int ENOTSUP = T.i("ENOTSUP");
    public static final int EPFNOSUPPORT = T.i("EPFNOSUPPORT");
    public static final int EAFNOSUPPORT = T.i("EAFNOSUPPORT");
    public static final int EADDRINUSE = T.i("EADDRINUSE");
    public static final int EADDRNOTAVAIL = T.i("EADDRNOTAVAIL");
    public static final int ENETDOWN = T.i("ENETDOWN");
    public static final int ENETUNREACH = T.i("ENETUNREACH");
    public static final int ENETRESET = T.i("ENETRESET");
    public static final int ECONNABORTED = T.i("ECONNABORTED");
    public static final int ECONNRESET = T.i("ECONNRESET");
    public static final int ENOBUFS = T.i("ENOBUFS");
    public static final int EISCONN = T.i("EISCONN");
    public static final int ENOTCONN = T.i("ENOTCONN");
    public static final int ESHUTDOWN = T.i("ESHUTDOWN");
    public static final int ETOOMANYREFS = T.i("ETOOMANYREFS");
    public static final int ETIMEDOUT = T.i("ETIMEDOUT");
    public static final int ECONNREFUSED = T.i("ECONNREFUSED");
    public static final int EHOSTDOWN = T.i("EHOSTDOWN");
    public static final int EHOSTUNREACH = T.i("EHOSTUNREACH");
    public static final int EALREADY = T.i("EALREADY");
    public static final int EINPROGRESS = T.i("EINPROGRESS");
    public static final int ESTALE = T.i("ESTALE");
    public static final int EUCLEAN = T.i("EUCLEAN");
    public static final int ENOTNAM = T.i("ENOTNAM");
    public static final int ENAVAIL = T.i("ENAVAIL");
    public static final int EISNAM = T.i("EISNAM");
    public static final int EREMOTEIO = T.i("EREMOTEIO");
    public static final int EDQUOT = T.i("EDQUOT");
    public static final int ENOMEDIUM = T.i("ENOMEDIUM");
    public static final int EMEDIUMTYPE = T.i("EMEDIUMTYPE");
    public static final int ECANCELED = T.i("ECANCELED");
    public static final int ENOKEY = T.i("ENOKEY");
    public static final int EKEYEXPIRED = T.i("EKEYEXPIRED");
    public static final int EKEYREVOKED = T.i("EKEYREVOKED");
    public static final int EKEYREJECTED = T.i("EKEYREJECTED");
    public static final int EOWNERDEAD = T.i("EOWNERDEAD");
    public static final int ENOTRECOVERABLE = T.i("ENOTRECOVERABLE");
    public static final int ERFKILL = T.i("ERFKILL");
    public static final int EDEADLK = T.i("EDEADLK");
    public static final int EOPNOTSUPP = T.i("EOPNOTSUPP");
    public static final int EWOULDBLOCK = T.i("EWOULDBLOCK");
}
