package dev.scope.kernel.install;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code install|uninstall [--user|--sys-prefix|--prefix DIR] [--name NAME] [--display-name TEXT]
 * [--jars JAR_OR_DIR]...}, parsed. The default location is {@code --user}.
 */
record InstallCommand(boolean install, Location location, Optional<Path> prefix, String name, String displayName,
                      List<Path> jars) {

    enum Location { USER, SYS_PREFIX, PREFIX }

    static final String USAGE = "usage: scope install|uninstall [--user|--sys-prefix|--prefix DIR] [--name NAME]"
            + " [--display-name TEXT] [--jars JAR_OR_DIR]...";
    private static final Pattern KERNEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    InstallCommand {
        jars = List.copyOf(jars);
    }

    static InstallCommand parse(List<String> args) {
        if (args.isEmpty() || !(args.get(0).equals("install") || args.get(0).equals("uninstall"))) {
            throw new IllegalArgumentException("Say install or uninstall first; " + USAGE);
        }
        Location location = null;
        Path prefix = null;
        String name = "scope";
        String displayName = "Java (scope)";
        List<Path> jars = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--user", "--sys-prefix" -> location = only(location, arg.equals("--user") ? Location.USER : Location.SYS_PREFIX);
                case "--prefix" -> {
                    location = only(location, Location.PREFIX);
                    prefix = Path.of(value(args, ++i, arg)).toAbsolutePath();
                }
                case "--name" -> name = value(args, ++i, arg);
                case "--display-name" -> displayName = value(args, ++i, arg);
                case "--jars" -> jars.add(Path.of(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "'; " + USAGE);
            }
        }
        if (!KERNEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Kernel name '" + name + "' may only use letters, digits, '.', '_' and '-'.");
        }
        return new InstallCommand(args.get(0).equals("install"), location == null ? Location.USER : location,
                Optional.ofNullable(prefix), name, displayName, jars);
    }

    /** The location flags for {@code jupyter kernelspec install}. */
    List<String> jupyterLocationArgs() {
        return switch (location) {
            case USER -> List.of("--user");
            case SYS_PREFIX -> List.of("--sys-prefix");
            case PREFIX -> List.of("--prefix=" + prefix.orElseThrow());
        };
    }

    private static Location only(Location current, Location next) {
        if (current != null) {
            throw new IllegalArgumentException("Give only one of --user, --sys-prefix and --prefix DIR.");
        }
        return next;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException("Option " + option + " needs a value; " + USAGE);
        }
        return args.get(i);
    }
}
