package dev.scope.kernel.ext;

/**
 * A kernel add-on, found through {@code META-INF/services/dev.scope.kernel.ext.KernelExtension}.
 *
 * <p>Extensions are loaded in the JVM that runs the notebook's Java code, so a magic's return value
 * is an ordinary object that cells can assign and use, and renderers see the user's own objects.
 */
public interface KernelExtension {

    void register(ExtensionContext context);
}
