package dev.scope.kernel.testext;

/** A type with a renderer registered by {@link TestExtension}. */
public record Point(int x, int y) {
}
