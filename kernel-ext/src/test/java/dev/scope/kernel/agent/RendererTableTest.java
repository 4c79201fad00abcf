package dev.scope.kernel.agent;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.ProgressView;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RendererTableTest {

    @Test
    void mostSpecificTypeWinsThenInterfaces() {
        RendererTable table = new RendererTable();
        table.register(Object.class, v -> MimeBundle.text("object"));
        table.register(List.class, v -> MimeBundle.text("list"));
        table.register(Serializable.class, v -> MimeBundle.text("serializable"));
        assertEquals("list", table.render(new ArrayList<>()).textPlain());
        assertEquals("serializable", table.render(Integer.valueOf(3)).textPlain());
        assertEquals("object", table.render(new Object()).textPlain());
        table.register(java.util.AbstractList.class, v -> MimeBundle.text("abstract list"));
        assertEquals("abstract list", table.render(new ArrayList<>()).textPlain(), "a superclass one step up ties with List; it comes first");
    }

    @Test
    void textFallbackArraysAndFailures() {
        RendererTable table = new RendererTable();
        assertEquals("int[3] { 1, 2, 3 }", table.render(new int[]{1, 2, 3}).textPlain());
        assertEquals("null", table.render(null).textPlain());
        table.register(StringBuilder.class, v -> {
            throw new IllegalStateException("nope");
        });
        String text = table.render(new StringBuilder("sb")).textPlain();
        assertTrue(text.startsWith("sb\n(rendering java.lang.StringBuilder failed: java.lang.IllegalStateException: nope)"), text);
        MimeBundle html = table.render(new ProgressView("load", 1, 4, false));
        assertEquals("load [#######-----------------------] 25% (1/4)", html.textPlain());
    }

    @Test
    void castableTypeNames() {
        assertEquals("java.util.ArrayList", TypeNames.castable(ArrayList.class));
        assertEquals("java.util.List", TypeNames.castable(List.of(1, 2, 3).getClass()));
        assertEquals("float[]", TypeNames.castable(float[].class));
        assertEquals("java.util.Map", TypeNames.castable(java.util.Map.of(1, 2).getClass()));
        assertEquals("java.lang.Runnable", TypeNames.castable(((Runnable) () -> { }).getClass()));
        assertEquals("Object", TypeNames.castable(new Object() {
        }.getClass()));
    }
}
