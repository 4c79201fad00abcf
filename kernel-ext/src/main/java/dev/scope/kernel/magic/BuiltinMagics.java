package dev.scope.kernel.magic;

import dev.scope.kernel.session.JavaSession;
import dev.scope.kernel.session.SessionMagics;

/** Wires the kernel's own magics into a session. */
public final class BuiltinMagics {

    private BuiltinMagics() {
    }

    public static void install(JavaSession session) {
        SessionMagics magics = session.magics();
        magics.addBuiltinLine("classpath", "%classpath <jar|dir|dir/*>... adds local jars or class folders to the session",
                new ClasspathMagic(session));
        magics.addBuiltinLine("lsmagic", "%lsmagic lists the installed magics", new LsmagicMagic(magics));
        magics.addBuiltinLine("help", "%help [name] describes the installed magics, or one of them", new HelpMagic(magics));
    }
}
