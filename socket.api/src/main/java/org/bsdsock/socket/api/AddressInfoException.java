package org.bsdsock.socket.api;

/**
 * Name or address resolution failed in {@code getaddrinfo(3)} or {@code getnameinfo(3)}
 * (CPython's {@code socket.gaierror}). {@link #errno()} is the {@code EAI_*} code
 * ({@link SocketConstants#EAI_NONAME}, ...), {@link #strerror()} its {@code gai_strerror} text.
 */
public class AddressInfoException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a failed {@code getaddrinfo} or {@code getnameinfo}.
     *
     * @param call     the failing call's name; not null
     * @param eaiCode  the {@code EAI_*} code
     * @param strerror its {@code gai_strerror} text; not null
     */
    public AddressInfoException(String call, int eaiCode, String strerror) {
        super(call, eaiCode, strerror);
    }

    /** {@return the symbolic {@code EAI_*} name, e.g. {@code "EAI_NONAME"}} */
    @Override
    public String errorName() {
        for (var e : SocketConstants.all().entrySet()) {
            if (e.getKey().startsWith("EAI_") && e.getValue() == errno()) {
                return e.getKey();
            }
        }
        return "EAI_" + errno();
    }
}
