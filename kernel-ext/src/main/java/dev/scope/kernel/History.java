package dev.scope.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran, for history_request (a console's up-arrow, {@code %history} in front ends): each
 * entry is (session, line, input[, output]). Inputs are appended to a file, like IPython's history database, so
 * later sessions see earlier ones; outputs are kept for this session only. At most {@value #MAX_ENTRIES} entries
 * and the last {@value #MAX_FILE_BYTES} bytes of the file are read back.
 */
final class History {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_FILE_BYTES = 16L << 20;
    private static final Gson GSON = new Gson();

    record Entry(int session, int line, String input, String output) {
    }

    private record Saved(int session, int line, String input) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Path file;
    private final int session;
    private boolean fileFailed;
    private boolean lineOpen;

    private History(Path file, List<Entry> loaded) {
        this.file = file;
        this.entries.addAll(loaded);
        this.session = loaded.stream().mapToInt(Entry::session).max().orElse(0) + 1;
    }

    /** Where SCOPE_HISTORY points: unset for ~/.local/share/scope/history.jsonl, "off" to keep nothing on disk. */
    static History fromEnvironment(Map<String, String> env) {
        String setting = env.getOrDefault("SCOPE_HISTORY", "").strip();
        if (setting.equalsIgnoreCase("off")) {
            return inMemory();
        }
        if (!setting.isEmpty()) {
            return open(Path.of(setting));
        }
        String data = env.getOrDefault("XDG_DATA_HOME", "");
        Path base = data.isEmpty() ? Path.of(System.getProperty("user.home"), ".local", "share") : Path.of(data);
        return open(base.resolve("scope").resolve("history.jsonl"));
    }

    static History inMemory() {
        return new History(null, List.of());
    }

    /** Reads what {@code file} holds (a missing or unreadable file is an empty history) and appends to it. */
    static History open(Path file) {
        List<Entry> loaded = new ArrayList<>();
        boolean torn = false;
        try {
            if (Files.isRegularFile(file)) {
                loaded = read(file);
                if (Files.size(file) > MAX_FILE_BYTES) {
                    rewrite(file, loaded);
                }
                torn = endsMidLine(file);
            }
        } catch (IOException e) {
            System.err.println("scope kernel: could not read the history in " + file + " (" + e.getMessage()
                    + "); starting a fresh one.");
        }
        History history = new History(file, loaded);
        history.lineOpen = torn;
        return history;
    }

    int session() {
        return session;
    }

    synchronized void record(int line, String input, String output) {
        entries.add(new Entry(session, line, input, output));
        if (entries.size() > MAX_ENTRIES) {
            entries.subList(0, entries.size() - MAX_ENTRIES).clear();
        }
        if (file != null && !fileFailed) {
            try {
                append(file, (lineOpen ? "\n" : "") + GSON.toJson(new Saved(session, line, input)) + "\n");
                lineOpen = false;
            } catch (IOException e) {
                fileFailed = true;
                System.err.println("scope kernel: could not write the history to " + file + " (" + e.getMessage()
                        + "); this session's history is kept in memory only.");
            }
        }
    }

    /** The last {@code n} entries, oldest first. */
    synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - Math.max(0, n)), entries.size()));
    }

    /**
     * Lines {@code start} (inclusive) to {@code stop} (exclusive; 0 or less for all) of session {@code which}: a
     * positive number names a session, 0 is this one, -1 the one before, and so on.
     */
    synchronized List<Entry> range(int which, int start, int stop) {
        int target = which > 0 ? which : session + which;
        return entries.stream()
                .filter(e -> e.session() == target && e.line() >= start && (stop <= 0 || e.line() < stop))
                .toList();
    }

    /**
     * Entries whose input matches {@code glob} ({@code *}, {@code ?} and {@code [...]} as in file names), the last
     * {@code n} of them (all for 0 or less), oldest first; with {@code unique}, each input once, at its latest run.
     */
    synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern pattern = globPattern(glob);
        List<Entry> matches = entries.stream().filter(e -> pattern.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matches) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            matches = List.copyOf(latest.values());
        }
        return n > 0 && matches.size() > n ? matches.subList(matches.size() - n, matches.size()) : matches;
    }

    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int close = glob.indexOf(']', i + 2);
                String inside = glob.substring(i + 1, close);
                boolean negated = inside.startsWith("!") || inside.startsWith("^");
                String chars = negated ? inside.substring(1) : inside;
                regex.append('[').append(negated ? "^" : "")
                        .append(chars.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&")).append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<Entry> read(Path file) throws IOException {
        byte[] tail;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            long from = Math.max(0, size - MAX_FILE_BYTES);
            tail = new byte[(int) (size - from)];
            raf.seek(from);
            raf.readFully(tail);
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        List<Entry> loaded = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = tail.length == Files.size(file) ? 0 : 1; i < lines.length; i++) {
            try {
                Saved s = GSON.fromJson(lines[i], Saved.class);
                if (s != null && s.input() != null && s.session() > 0) {
                    loaded.add(new Entry(s.session(), s.line(), s.input(), null));
                }
            } catch (JsonParseException e) {
                // a line cut short by a crash: skip it
            }
        }
        return loaded.size() > MAX_ENTRIES ? loaded.subList(loaded.size() - MAX_ENTRIES, loaded.size()) : loaded;
    }

    /** Keeps the file to what is read back: written aside, then moved over it. */
    private static void rewrite(Path file, List<Entry> kept) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        kept.forEach(e -> text.append(GSON.toJson(new Saved(e.session(), e.line(), e.input()))).append('\n'));
        Files.writeString(aside, text, StandardCharsets.UTF_8);
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean endsMidLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return false;
            }
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    private static void append(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system decides
            }
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
