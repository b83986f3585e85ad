package org.bsdsock.socket.api;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The platform's {@code errno} values, as Python's {@code errno} module has them: the numbers
 * {@link SocketException#errno()} returns. Like {@link SocketConstants}, none is a compile-time
 * constant; a name the platform does not define holds -1.
 */
public final class Errno {
    /** The platform's errno values, which the fields are read from. */
    private static final PlatformTable T = PlatformTable.ERRNO;

    /** No instances: the values are static. */
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

    /** Names sharing a value with a canonical one; left out of errorcode() as Python does. */
    private static final java.util.Set<String> ALIASES =
            java.util.Set.of("EWOULDBLOCK", "EDEADLK", "EOPNOTSUPP");
    /** The canonical name of each errno value, for {@link #errorcode(int)}. */
    private static final Map<Integer, String> NAMES = new java.util.HashMap<>();

    static {
        T.all().forEach((name, value) -> {
            if (!ALIASES.contains(name)) {
                NAMES.put(value.intValue(), name);
            }
        });
    }

    /**
     * The value of the errno name {@code name} on this platform (unlike the fields, which hold
     * -1 for an undefined name, this tells defined from undefined).
     *
     * @param name an errno name, e.g. {@code "EPROTO"}; not null
     * @return its value, or empty where the platform does not define it
     */
    public static OptionalLong lookup(String name) {
        return T.lookup(name);
    }

    /** {@code EPERM}: Operation not permitted. */
    public static final int EPERM = T.i("EPERM");
    /** {@code ENOENT}: No such file or directory. */
    public static final int ENOENT = T.i("ENOENT");
    /** {@code ESRCH}: No such process. */
    public static final int ESRCH = T.i("ESRCH");
    /** {@code EINTR}: Interrupted system call. */
    public static final int EINTR = T.i("EINTR");
    /** {@code EIO}: Input/output error. */
    public static final int EIO = T.i("EIO");
    /** {@code ENXIO}: No such device or address. */
    public static final int ENXIO = T.i("ENXIO");
    /** {@code E2BIG}: Argument list too long. */
    public static final int E2BIG = T.i("E2BIG");
    /** {@code ENOEXEC}: Exec format error. */
    public static final int ENOEXEC = T.i("ENOEXEC");
    /** {@code EBADF}: Bad file descriptor. */
    public static final int EBADF = T.i("EBADF");
    /** {@code ECHILD}: No child processes. */
    public static final int ECHILD = T.i("ECHILD");
    /** {@code EAGAIN}: Resource temporarily unavailable. */
    public static final int EAGAIN = T.i("EAGAIN");
    /** {@code ENOMEM}: Cannot allocate memory. */
    public static final int ENOMEM = T.i("ENOMEM");
    /** {@code EACCES}: Permission denied. */
    public static final int EACCES = T.i("EACCES");
    /** {@code EFAULT}: Bad address. */
    public static final int EFAULT = T.i("EFAULT");
    /** {@code ENOTBLK}: Block device required. */
    public static final int ENOTBLK = T.i("ENOTBLK");
    /** {@code EBUSY}: Device or resource busy. */
    public static final int EBUSY = T.i("EBUSY");
    /** {@code EEXIST}: File exists. */
    public static final int EEXIST = T.i("EEXIST");
    /** {@code EXDEV}: Invalid cross-device link. */
    public static final int EXDEV = T.i("EXDEV");
    /** {@code ENODEV}: No such device. */
    public static final int ENODEV = T.i("ENODEV");
    /** {@code ENOTDIR}: Not a directory. */
    public static final int ENOTDIR = T.i("ENOTDIR");
    /** {@code EISDIR}: Is a directory. */
    public static final int EISDIR = T.i("EISDIR");
    /** {@code EINVAL}: Invalid argument. */
    public static final int EINVAL = T.i("EINVAL");
    /** {@code ENFILE}: Too many open files in system. */
    public static final int ENFILE = T.i("ENFILE");
    /** {@code EMFILE}: Too many open files. */
    public static final int EMFILE = T.i("EMFILE");
    /** {@code ENOTTY}: Inappropriate ioctl for device. */
    public static final int ENOTTY = T.i("ENOTTY");
    /** {@code ETXTBSY}: Text file busy. */
    public static final int ETXTBSY = T.i("ETXTBSY");
    /** {@code EFBIG}: File too large. */
    public static final int EFBIG = T.i("EFBIG");
    /** {@code ENOSPC}: No space left on device. */
    public static final int ENOSPC = T.i("ENOSPC");
    /** {@code ESPIPE}: Illegal seek. */
    public static final int ESPIPE = T.i("ESPIPE");
    /** {@code EROFS}: Read-only file system. */
    public static final int EROFS = T.i("EROFS");
    /** {@code EMLINK}: Too many links. */
    public static final int EMLINK = T.i("EMLINK");
    /** {@code EPIPE}: Broken pipe. */
    public static final int EPIPE = T.i("EPIPE");
    /** {@code EDOM}: Numerical argument out of domain. */
    public static final int EDOM = T.i("EDOM");
    /** {@code ERANGE}: Numerical result out of range. */
    public static final int ERANGE = T.i("ERANGE");
    /** {@code EDEADLOCK}: Resource deadlock avoided. */
    public static final int EDEADLOCK = T.i("EDEADLOCK");
    /** {@code ENAMETOOLONG}: File name too long. */
    public static final int ENAMETOOLONG = T.i("ENAMETOOLONG");
    /** {@code ENOLCK}: No locks available. */
    public static final int ENOLCK = T.i("ENOLCK");
    /** {@code ENOSYS}: Function not implemented. */
    public static final int ENOSYS = T.i("ENOSYS");
    /** {@code ENOTEMPTY}: Directory not empty. */
    public static final int ENOTEMPTY = T.i("ENOTEMPTY");
    /** {@code ELOOP}: Too many levels of symbolic links. */
    public static final int ELOOP = T.i("ELOOP");
    /** {@code ENOMSG}: No message of desired type. */
    public static final int ENOMSG = T.i("ENOMSG");
    /** {@code EIDRM}: Identifier removed. */
    public static final int EIDRM = T.i("EIDRM");
    /** {@code ECHRNG}: Channel number out of range. */
    public static final int ECHRNG = T.i("ECHRNG");
    /** {@code EL2NSYNC}: Level 2 not synchronized. */
    public static final int EL2NSYNC = T.i("EL2NSYNC");
    /** {@code EL3HLT}: Level 3 halted. */
    public static final int EL3HLT = T.i("EL3HLT");
    /** {@code EL3RST}: Level 3 reset. */
    public static final int EL3RST = T.i("EL3RST");
    /** {@code ELNRNG}: Link number out of range. */
    public static final int ELNRNG = T.i("ELNRNG");
    /** {@code EUNATCH}: Protocol driver not attached. */
    public static final int EUNATCH = T.i("EUNATCH");
    /** {@code ENOCSI}: No CSI structure available. */
    public static final int ENOCSI = T.i("ENOCSI");
    /** {@code EL2HLT}: Level 2 halted. */
    public static final int EL2HLT = T.i("EL2HLT");
    /** {@code EBADE}: Invalid exchange. */
    public static final int EBADE = T.i("EBADE");
    /** {@code EBADR}: Invalid request descriptor. */
    public static final int EBADR = T.i("EBADR");
    /** {@code EXFULL}: Exchange full. */
    public static final int EXFULL = T.i("EXFULL");
    /** {@code ENOANO}: No anode. */
    public static final int ENOANO = T.i("ENOANO");
    /** {@code EBADRQC}: Invalid request code. */
    public static final int EBADRQC = T.i("EBADRQC");
    /** {@code EBADSLT}: Invalid slot. */
    public static final int EBADSLT = T.i("EBADSLT");
    /** {@code EBFONT}: Bad font file format. */
    public static final int EBFONT = T.i("EBFONT");
    /** {@code ENOSTR}: Device not a stream. */
    public static final int ENOSTR = T.i("ENOSTR");
    /** {@code ENODATA}: No data available. */
    public static final int ENODATA = T.i("ENODATA");
    /** {@code ETIME}: Timer expired. */
    public static final int ETIME = T.i("ETIME");
    /** {@code ENOSR}: Out of streams resources. */
    public static final int ENOSR = T.i("ENOSR");
    /** {@code ENONET}: Machine is not on the network. */
    public static final int ENONET = T.i("ENONET");
    /** {@code ENOPKG}: Package not installed. */
    public static final int ENOPKG = T.i("ENOPKG");
    /** {@code EREMOTE}: Object is remote. */
    public static final int EREMOTE = T.i("EREMOTE");
    /** {@code ENOLINK}: Link has been severed. */
    public static final int ENOLINK = T.i("ENOLINK");
    /** {@code EADV}: Advertise error. */
    public static final int EADV = T.i("EADV");
    /** {@code ESRMNT}: Srmount error. */
    public static final int ESRMNT = T.i("ESRMNT");
    /** {@code ECOMM}: Communication error on send. */
    public static final int ECOMM = T.i("ECOMM");
    /** {@code EPROTO}: Protocol error. */
    public static final int EPROTO = T.i("EPROTO");
    /** {@code EMULTIHOP}: Multihop attempted. */
    public static final int EMULTIHOP = T.i("EMULTIHOP");
    /** {@code EDOTDOT}: RFS specific error. */
    public static final int EDOTDOT = T.i("EDOTDOT");
    /** {@code EBADMSG}: Bad message. */
    public static final int EBADMSG = T.i("EBADMSG");
    /** {@code EOVERFLOW}: Value too large for defined data type. */
    public static final int EOVERFLOW = T.i("EOVERFLOW");
    /** {@code ENOTUNIQ}: Name not unique on network. */
    public static final int ENOTUNIQ = T.i("ENOTUNIQ");
    /** {@code EBADFD}: File descriptor in bad state. */
    public static final int EBADFD = T.i("EBADFD");
    /** {@code EREMCHG}: Remote address changed. */
    public static final int EREMCHG = T.i("EREMCHG");
    /** {@code ELIBACC}: Can not access a needed shared library. */
    public static final int ELIBACC = T.i("ELIBACC");
    /** {@code ELIBBAD}: Accessing a corrupted shared library. */
    public static final int ELIBBAD = T.i("ELIBBAD");
    /** {@code ELIBSCN}: .lib section in a.out corrupted. */
    public static final int ELIBSCN = T.i("ELIBSCN");
    /** {@code ELIBMAX}: Attempting to link in too many shared libraries. */
    public static final int ELIBMAX = T.i("ELIBMAX");
    /** {@code ELIBEXEC}: Cannot exec a shared library directly. */
    public static final int ELIBEXEC = T.i("ELIBEXEC");
    /** {@code EILSEQ}: Invalid or incomplete multibyte or wide character. */
    public static final int EILSEQ = T.i("EILSEQ");
    /** {@code ERESTART}: Interrupted system call should be restarted. */
    public static final int ERESTART = T.i("ERESTART");
    /** {@code ESTRPIPE}: Streams pipe error. */
    public static final int ESTRPIPE = T.i("ESTRPIPE");
    /** {@code EUSERS}: Too many users. */
    public static final int EUSERS = T.i("EUSERS");
    /** {@code ENOTSOCK}: Socket operation on non-socket. */
    public static final int ENOTSOCK = T.i("ENOTSOCK");
    /** {@code EDESTADDRREQ}: Destination address required. */
    public static final int EDESTADDRREQ = T.i("EDESTADDRREQ");
    /** {@code EMSGSIZE}: Message too long. */
    public static final int EMSGSIZE = T.i("EMSGSIZE");
    /** {@code EPROTOTYPE}: Protocol wrong type for socket. */
    public static final int EPROTOTYPE = T.i("EPROTOTYPE");
    /** {@code ENOPROTOOPT}: Protocol not available. */
    public static final int ENOPROTOOPT = T.i("ENOPROTOOPT");
    /** {@code EPROTONOSUPPORT}: Protocol not supported. */
    public static final int EPROTONOSUPPORT = T.i("EPROTONOSUPPORT");
    /** {@code ESOCKTNOSUPPORT}: Socket type not supported. */
    public static final int ESOCKTNOSUPPORT = T.i("ESOCKTNOSUPPORT");
    /** {@code ENOTSUP}: Operation not supported. */
    public static final int ENOTSUP = T.i("ENOTSUP");
    /** {@code EPFNOSUPPORT}: Protocol family not supported. */
    public static final int EPFNOSUPPORT = T.i("EPFNOSUPPORT");
    /** {@code EAFNOSUPPORT}: Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = T.i("EAFNOSUPPORT");
    /** {@code EADDRINUSE}: Address already in use. */
    public static final int EADDRINUSE = T.i("EADDRINUSE");
    /** {@code EADDRNOTAVAIL}: Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = T.i("EADDRNOTAVAIL");
    /** {@code ENETDOWN}: Network is down. */
    public static final int ENETDOWN = T.i("ENETDOWN");
    /** {@code ENETUNREACH}: Network is unreachable. */
    public static final int ENETUNREACH = T.i("ENETUNREACH");
    /** {@code ENETRESET}: Network dropped connection on reset. */
    public static final int ENETRESET = T.i("ENETRESET");
    /** {@code ECONNABORTED}: Software caused connection abort. */
    public static final int ECONNABORTED = T.i("ECONNABORTED");
    /** {@code ECONNRESET}: Connection reset by peer. */
    public static final int ECONNRESET = T.i("ECONNRESET");
    /** {@code ENOBUFS}: No buffer space available. */
    public static final int ENOBUFS = T.i("ENOBUFS");
    /** {@code EISCONN}: Transport endpoint is already connected. */
    public static final int EISCONN = T.i("EISCONN");
    /** {@code ENOTCONN}: Transport endpoint is not connected. */
    public static final int ENOTCONN = T.i("ENOTCONN");
    /** {@code ESHUTDOWN}: Cannot send after transport endpoint shutdown. */
    public static final int ESHUTDOWN = T.i("ESHUTDOWN");
    /** {@code ETOOMANYREFS}: Too many references: cannot splice. */
    public static final int ETOOMANYREFS = T.i("ETOOMANYREFS");
    /** {@code ETIMEDOUT}: Connection timed out. */
    public static final int ETIMEDOUT = T.i("ETIMEDOUT");
    /** {@code ECONNREFUSED}: Connection refused. */
    public static final int ECONNREFUSED = T.i("ECONNREFUSED");
    /** {@code EHOSTDOWN}: Host is down. */
    public static final int EHOSTDOWN = T.i("EHOSTDOWN");
    /** {@code EHOSTUNREACH}: No route to host. */
    public static final int EHOSTUNREACH = T.i("EHOSTUNREACH");
    /** {@code EALREADY}: Operation already in progress. */
    public static final int EALREADY = T.i("EALREADY");
    /** {@code EINPROGRESS}: Operation now in progress. */
    public static final int EINPROGRESS = T.i("EINPROGRESS");
    /** {@code ESTALE}: Stale file handle. */
    public static final int ESTALE = T.i("ESTALE");
    /** {@code EUCLEAN}: Structure needs cleaning. */
    public static final int EUCLEAN = T.i("EUCLEAN");
    /** {@code ENOTNAM}: Not a XENIX named type file. */
    public static final int ENOTNAM = T.i("ENOTNAM");
    /** {@code ENAVAIL}: No XENIX semaphores available. */
    public static final int ENAVAIL = T.i("ENAVAIL");
    /** {@code EISNAM}: Is a named type file. */
    public static final int EISNAM = T.i("EISNAM");
    /** {@code EREMOTEIO}: Remote I/O error. */
    public static final int EREMOTEIO = T.i("EREMOTEIO");
    /** {@code EDQUOT}: Disk quota exceeded. */
    public static final int EDQUOT = T.i("EDQUOT");
    /** {@code ENOMEDIUM}: No medium found. */
    public static final int ENOMEDIUM = T.i("ENOMEDIUM");
    /** {@code EMEDIUMTYPE}: Wrong medium type. */
    public static final int EMEDIUMTYPE = T.i("EMEDIUMTYPE");
    /** {@code ECANCELED}: Operation canceled. */
    public static final int ECANCELED = T.i("ECANCELED");
    /** {@code ENOKEY}: Required key not available. */
    public static final int ENOKEY = T.i("ENOKEY");
    /** {@code EKEYEXPIRED}: Key has expired. */
    public static final int EKEYEXPIRED = T.i("EKEYEXPIRED");
    /** {@code EKEYREVOKED}: Key has been revoked. */
    public static final int EKEYREVOKED = T.i("EKEYREVOKED");
    /** {@code EKEYREJECTED}: Key was rejected by service. */
    public static final int EKEYREJECTED = T.i("EKEYREJECTED");
    /** {@code EOWNERDEAD}: Owner died. */
    public static final int EOWNERDEAD = T.i("EOWNERDEAD");
    /** {@code ENOTRECOVERABLE}: State not recoverable. */
    public static final int ENOTRECOVERABLE = T.i("ENOTRECOVERABLE");
    /** {@code ERFKILL}: Operation not possible due to RF-kill. */
    public static final int ERFKILL = T.i("ERFKILL");
    /** {@code EDEADLK}: Resource deadlock avoided. */
    public static final int EDEADLK = T.i("EDEADLK");
    /** {@code EOPNOTSUPP}: Operation not supported. */
    public static final int EOPNOTSUPP = T.i("EOPNOTSUPP");
    /** {@code EWOULDBLOCK}: Resource temporarily unavailable. */
    public static final int EWOULDBLOCK = T.i("EWOULDBLOCK");
}
