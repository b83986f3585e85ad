package org.bsdsock.socket.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The platform's errno values as Python's {@code errno} module has them, aliases included. */
@Tag("unit")
class ErrnoTest {

    @Test
    void aliasesShareTheirCanonicalValue() {
        assertEquals(Errno.EAGAIN, Errno.EWOULDBLOCK);
        assertEquals(Errno.EDEADLOCK, Errno.EDEADLK);
        assertEquals(Errno.ENOTSUP, Errno.EOPNOTSUPP);
        assertNotEquals(-1, Errno.EWOULDBLOCK);
    }

    @Test
    void errorcodeNamesAnAliasedValueAsPythonDoes() {
        // CPython 3.11 on Linux: errno.errorcode[11], [35], [95]
        assertEquals("EAGAIN", Errno.errorcode(Errno.EWOULDBLOCK));
        assertEquals("EDEADLOCK", Errno.errorcode(Errno.EDEADLK));
        assertEquals("ENOTSUP", Errno.errorcode(Errno.EOPNOTSUPP));
    }

    @Test
    void errorcodeOfAnUnknownNumberIsENumber() {
        assertEquals("E99999", Errno.errorcode(99_999));
        assertEquals("E-1", Errno.errorcode(-1));
    }

    @Test
    void everyFieldIsItsLookupAndNamesItselfUnlessAnAlias() throws Exception {
        List<String> wrong = new ArrayList<>();
        int fields = 0;
        for (Field f : Errno.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            fields++;
            int value = f.getInt(null);
            OptionalLong looked = Errno.lookup(f.getName());
            if (looked.isEmpty() || looked.getAsLong() != value) {
                wrong.add(f.getName() + " = " + value + ", lookup " + looked);
            }
            String name = Errno.errorcode(value);
            boolean alias = List.of("EWOULDBLOCK", "EDEADLK", "EOPNOTSUPP").contains(f.getName());
            if (!alias && !name.equals(f.getName())) {
                wrong.add("errorcode(" + value + ") = " + name + ", not " + f.getName());
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(fields > 100, "Linux defines some 130 errno names; found " + fields);
        assertTrue(Errno.lookup("ENOSUCHERRNO").isEmpty());
    }
}
