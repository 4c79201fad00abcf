package dev.scope.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as the kernel counts it in {@code /proc/self/status}, in bytes:
 * resident set now ({@code VmRSS}) and at its peak ({@code VmHWM}), split into anonymous memory
 * (heap, native arrays) and file-backed pages (mapped checkpoints, shared libraries).
 * File-backed pages are clean and reclaimable, but they count in RSS while mapped and touched.
 */
public record ProcStatus(long rss, long peakRss, long anon, long file) {
    private static final Path STATUS = Path.of("/proc/self/status");

    public static boolean available() {
        return Files.isReadable(STATUS);
    }

    /** Reads the current figures; zeros where the system has no {@code /proc} (not Linux). */
    public static ProcStatus read() {
        if (!available()) {
            return new ProcStatus(0, 0, 0, 0);
        }
        try {
            long rss = 0;
            long hwm = 0;
            long anon = 0;
            long file = 0;
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kib(line);
                }
            }
            return new ProcStatus(rss, hwm, anon, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Minor page faults of this process so far ({@code /proc/self/stat} field 10): each first touch of
     * a fresh page of memory. 0 where there is no {@code /proc}.
     */
    public static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long kib(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
