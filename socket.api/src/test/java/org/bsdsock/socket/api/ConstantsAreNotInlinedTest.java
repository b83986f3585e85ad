package org.bsdsock.socket.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The constants are the running platform's: javac copies a field with a constant value
 * ({@code ConstantValue} attribute) into every consumer's bytecode, so a consumer built on one
 * platform would carry that platform's numbers. No public field of the constant classes may
 * have one; each is its table's value, -1 where the platform lacks the name.
 */
@Tag("unit")
class ConstantsAreNotInlinedTest {

    @ParameterizedTest
    @ValueSource(classes = {SocketConstants.class, Errno.class})
    void noPublicConstantHasACompileTimeValue(Class<?> table) throws Exception {
        ClassModel model;
        try (InputStream in = table.getResourceAsStream(table.getSimpleName() + ".class")) {
            model = ClassFile.of().parse(in.readAllBytes());
        }
        List<String> inlined = model.fields().stream()
                .filter(f -> f.findAttribute(Attributes.constantValue()).isPresent())
                .filter(f -> f.flags().has(java.lang.reflect.AccessFlag.PUBLIC))
                .map(f -> f.fieldName().stringValue()).toList();
        assertEquals(List.of(), inlined);
    }

    @ParameterizedTest
    @ValueSource(classes = {SocketConstants.class, Errno.class})
    void everyFieldIsTheTablesValue(Class<?> table) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Field f : table.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !f.getType().isPrimitive()) {
                continue;
            }
            long value = ((Number) f.get(null)).longValue();
            var looked = table == Errno.class ? Errno.lookup(f.getName()) : SocketConstants.lookup(f.getName());
            long expected = looked.isPresent() ? looked.getAsLong() : -1;
            if (value != expected) {
                wrong.add(f.getName() + " = " + value + ", table " + looked);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @org.junit.jupiter.api.Test
    void allIsUnmodifiableAndAgreesWithLookup() {
        var all = SocketConstants.all();
        assertTrue(all.containsKey("AF_INET") && all.containsKey("SOCK_STREAM"));
        all.forEach((name, value) -> assertEquals(value, SocketConstants.lookup(name).getAsLong(), name));
        assertThrows(UnsupportedOperationException.class, () -> all.put("AF_X", 1L));
        assertTrue(SocketConstants.lookup("AF_NO_SUCH_FAMILY").isEmpty());
    }
}
