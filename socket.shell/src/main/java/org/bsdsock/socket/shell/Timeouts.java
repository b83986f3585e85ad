package org.bsdsock.socket.shell;

/** Timeouts as the shell writes them: seconds, or {@code None} for no timeout (blocking mode). */
final class Timeouts {
    private Timeouts() {
    }

    /**
     * @param text {@code None} (or null, or {@code null}) or a number of seconds
     * @return null for None, else the seconds
     * @throws IllegalArgumentException for anything else
     */
    static Double parse(String text) {
        if (text == null || text.equals("None") || text.equals("null")) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a timeout is a number of seconds or None, not " + text);
        }
    }

    /** @return the seconds, or the text {@code None} (Gogo prints nothing for null) */
    static Object show(Double seconds) {
        return seconds == null ? "None" : seconds;
    }
}
