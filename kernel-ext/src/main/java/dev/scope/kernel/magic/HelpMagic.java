package dev.scope.kernel.magic;

import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.session.MagicInfo;
import dev.scope.kernel.session.SessionMagics;

import java.util.List;
import java.util.stream.Collectors;

/** {@code %help} lists every magic with its help line; {@code %help name} shows one. */
final class HelpMagic implements SessionMagics.Line {

    private final SessionMagics magics;

    HelpMagic(SessionMagics magics) {
        this.magics = magics;
    }

    @Override
    public String eval(List<String> args) {
        if (args.isEmpty()) {
            return magics.list().stream().map(HelpMagic::describe).collect(Collectors.joining("\n"));
        }
        String name = args.get(0).replaceFirst("^%+", "");
        return magics.find(name).map(HelpMagic::describe).orElseThrow(() ->
                new MagicException("No magic named " + args.get(0) + " is installed; %lsmagic lists the installed magics."));
    }

    private static String describe(MagicInfo magic) {
        return String.format("%-12s %s", magic.usage(), magic.help());
    }
}
