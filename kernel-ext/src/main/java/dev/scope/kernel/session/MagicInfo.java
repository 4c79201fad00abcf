package dev.scope.kernel.session;

/** A magic as {@code %lsmagic} and {@code %help} list it. */
public record MagicInfo(String name, boolean cell, String help, boolean builtin) {

    public String usage() {
        return (cell ? "%%" : "%") + name;
    }
}
