package dev.scope.kernel.agent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TypeNamesListTest {

    @Test
    void immutableCollectionsAreNamedByTheirInterface() {
        assertEquals("java.util.List", TypeNames.castable(List.of(1, 2, 3).getClass()));
        assertEquals("java.util.List", TypeNames.castable(List.copyOf(new ArrayList<>(List.of("a"))).getClass()));
        assertEquals("java.util.Map", TypeNames.castable(Map.of("a", 1, "b", 2).getClass()));
    }

    @Test
    void publicClassesKeepTheirOwnName() {
        assertEquals("java.util.ArrayList", TypeNames.castable(ArrayList.class));
        assertEquals("java.lang.String", TypeNames.castable(String.class));
        assertEquals("int[]", TypeNames.castable(int[].class));
    }
}
