package dev.scope.kernel.ext;

/** What an extension may add to the session: magics and renderers. */
public interface ExtensionContext {

    /** Registers {@code %name args}; {@code help} is the one-line text shown by {@code %help}. */
    void lineMagic(String name, String help, LineMagic magic);

    /** Registers {@code %%name args} followed by a cell body. */
    void cellMagic(String name, String help, CellMagic magic);

    /** Renders values of {@code type} (and its subtypes) whenever a cell shows or displays one. */
    <T> void renderer(Class<T> type, Renderer<? super T> renderer);
}
