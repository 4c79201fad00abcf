package dev.scope.kernel.ext;

/** A type that knows how to show itself in a notebook. */
public interface Renderable {

    MimeBundle toMimeBundle();
}
