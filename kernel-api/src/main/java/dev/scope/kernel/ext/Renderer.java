package dev.scope.kernel.ext;

/** Turns a value into a MIME bundle for Jupyter. */
@FunctionalInterface
public interface Renderer<T> {

    MimeBundle render(T value) throws Exception;
}
