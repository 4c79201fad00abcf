package dev.scope.kernel.testkit;

import dev.scope.kernel.ext.MimeBundle;

/** A display (or, with {@code update}, an update of one) that a cell sent. */
public record DisplayEvent(String id, MimeBundle bundle, boolean update) {
}
