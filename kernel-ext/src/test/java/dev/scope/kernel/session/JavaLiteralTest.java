package dev.scope.kernel.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JavaLiteralTest {

    @Test
    void stringsEscapeWhatJavaWouldMisread() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001 \\\\u000a\"", JavaLiteral.string("a\"b\\c\nd\te\u0001 \\u000a"));
        assertEquals("new String[]{\"x\", \"y z\"}", JavaLiteral.stringArray(List.of("x", "y z")));
    }

    @Test
    void kernelValuesWithALiteralForm() {
        assertEquals("null", JavaLiteral.of(null));
        assertEquals("7L", JavaLiteral.of(7L));
        assertEquals("true", JavaLiteral.of(true));
        assertEquals("1.5d", JavaLiteral.of(1.5));
        assertNull(JavaLiteral.of(List.of()));
    }
}
