package org.bsdsock.socket.api;

/** The range checks the address records share, with one wording. */
final class Ranges {
    private Ranges() {
    }

    /** The C fields CPython reads with {@code PyArg_ParseTuple("I")}, which masks; these refuse. */
    static void u32(String family, String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(family + " " + field + " must be 0-4294967295, not " + value);
        }
    }
}
