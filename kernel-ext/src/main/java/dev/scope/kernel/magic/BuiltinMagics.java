package dev.scope.kernel.magic;

import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionMagics;

/** Wires the kernel's own magics into a session; whoever starts a session calls this (the session knows no magics). */
public final class BuiltinMagics {

    private BuiltinMagics() {
    }

    /** Adds %classpath, %lsmagic and %help to {@code session}; returns it. */
    public static JavaSession install(JavaSession session) {
        SessionMagics magics = session.magics();
        magics.addBuiltinLine("classpath", "%classpath <jar|dir|dir/*>... adds local jars or class folders to the session",
                new ClasspathMagic(session));
        magics.addBuiltinLine("lsmagic", "%lsmagic lists the installed magics", new LsmagicMagic(magics));
        magics.addBuiltinLine("help", "%help [name] describes the installed magics, or one of them", new HelpMagic(magics));
        return session;
    }
}
