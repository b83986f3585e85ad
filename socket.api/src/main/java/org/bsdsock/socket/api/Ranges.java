package org.bsdsock.socket.api;

/** The range checks the address records share, with one wording. */
final class Ranges {
    /** Not made: static checks only. */
    private Ranges() {
    }

    /**
     * Checks an unsigned 32-bit C field. CPython reads these with {@code PyArg_ParseTuple("I")},
     * which masks a value out of range; these refuse it.
     *
     * @param family the address family's name, for the message
     * @param field  the field's name, for the message
     * @param value  the value given
     * @throws IllegalArgumentException if value is outside 0 to 2<sup>32</sup>-1
     */
    static void u32(String family, String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(family + " " + field + " must be 0-4294967295, not " + value);
        }
    }
}
