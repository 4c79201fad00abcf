package dev.scope.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A memory cgroup made for one test, below this process's own: cgroup v2 where its hierarchy has the memory
 * controller, else v1's memory hierarchy. Processes join it through {@link #wrap} and all they start stays in
 * it; a sampler records the peak of its anonymous memory beside the kernel's own peak of everything charged
 * (anonymous memory, page cache, kernel memory). {@link #close} ends what is left in it and removes it.
 */
final class MemoryCgroup implements AutoCloseable {

    /** Could not be made here (no cgroup file system, no memory controller, not allowed to write). */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** What the cgroup went through: bytes, and counts of the times it hit its limit and of OOM kills. */
    record Figures(long limit, long peak, long peakAnon, long limitHits, long oomKills) {
        @Override
        public String toString() {
            return "limit " + mib(limit) + " MiB, peak " + mib(peak) + " MiB charged (anonymous memory, page cache and"
                    + " kernel memory), peak anonymous " + mib(peakAnon) + " MiB (sampled every 100 ms), limit reached "
                    + limitHits + " times, OOM kills " + oomKills;
        }
    }

    private final Path dir;
    private final boolean v2;
    private final long limit;
    private final Thread sampler;
    private volatile long peakAnon;
    private volatile long peakCharged;
    private volatile boolean closed;

    private MemoryCgroup(Path dir, boolean v2, long limit) {
        this.dir = dir;
        this.v2 = v2;
        this.limit = limit;
        this.sampler = new Thread(this::sample, "cgroup-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** A new cgroup limited to {@code limit} bytes of memory, swap excluded. */
    static MemoryCgroup create(String name, long limit) throws Unavailable {
        List<String> tried = new ArrayList<>();
        Optional<Path> v2Parent = ownCgroup("cgroup2", null, tried);
        if (v2Parent.isPresent() && read(v2Parent.get().resolve("cgroup.controllers")).contains("memory")) {
            Path dir = make(v2Parent.get(), name, tried);
            if (dir != null && !Files.exists(dir.resolve("memory.max"))) {
                try { // pass the controller down; refused where this cgroup holds processes and is not the root
                    Files.writeString(v2Parent.get().resolve("cgroup.subtree_control"), "+memory");
                } catch (IOException e) {
                    tried.add("cgroup v2: cannot enable memory in " + v2Parent.get() + "/cgroup.subtree_control ("
                            + e.getMessage() + ")");
                }
            }
            if (dir != null && Files.exists(dir.resolve("memory.max"))) {
                try {
                    Files.writeString(dir.resolve("memory.max"), Long.toString(limit));
                    if (Files.exists(dir.resolve("memory.swap.max"))) {
                        Files.writeString(dir.resolve("memory.swap.max"), "0");
                    }
                    return new MemoryCgroup(dir, true, limit);
                } catch (IOException e) {
                    tried.add("cgroup v2: cannot set " + dir.resolve("memory.max") + " (" + e.getMessage() + ")");
                    remove(dir);
                }
            } else if (dir != null) {
                tried.add("cgroup v2: " + dir + " has no memory controller (its parent does not pass memory down)");
                remove(dir);
            }
        } else if (v2Parent.isPresent()) {
            tried.add("cgroup v2: no memory controller in " + v2Parent.get());
        }
        Optional<Path> v1Parent = ownCgroup("cgroup", "memory", tried);
        if (v1Parent.isPresent()) {
            Path dir = make(v1Parent.get(), name, tried);
            if (dir != null) {
                try {
                    Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limit));
                    if (Files.exists(dir.resolve("memory.memsw.limit_in_bytes"))) {
                        Files.writeString(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(limit));
                    }
                    return new MemoryCgroup(dir, false, limit);
                } catch (IOException e) {
                    tried.add("cgroup v1: cannot set " + dir.resolve("memory.limit_in_bytes") + " (" + e.getMessage() + ")");
                    remove(dir);
                }
            }
        }
        throw new Unavailable("No memory cgroup can be made here: " + String.join("; ", tried)
                + ". Run as root on a machine with cgroup v2's memory controller (or v1's memory hierarchy) writable.");
    }

    /** {@code command} run from a shell that first moves itself into this cgroup, so everything it starts is in it. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"",
                dir.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    Figures figures() {
        long peak = v2 ? number(dir.resolve("memory.peak")).orElse(peakCharged)
                : number(dir.resolve("memory.max_usage_in_bytes")).orElse(peakCharged);
        long hits = v2 ? field(dir.resolve("memory.events"), "max") : number(dir.resolve("memory.failcnt")).orElse(-1);
        long kills = field(dir.resolve(v2 ? "memory.events" : "memory.oom_control"), "oom_kill");
        return new Figures(limit, peak, peakAnon, hits, kills);
    }

    private void sample() {
        Path usage = dir.resolve(v2 ? "memory.current" : "memory.usage_in_bytes");
        String anon = v2 ? "anon" : "total_rss";
        while (!closed) {
            try {
                peakCharged = Math.max(peakCharged, number(usage).orElse(0));
                peakAnon = Math.max(peakAnon, Math.max(0, field(dir.resolve("memory.stat"), anon)));
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends what still runs in the cgroup (processes this test started), then removes it. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        sampler.interrupt();
        for (int i = 0; i < 300 && !pids().isEmpty(); i++) {
            if (i == 100) {
                pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
            } else if (i == 200) {
                pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
            Thread.sleep(100);
        }
        remove(dir);
    }

    private List<Long> pids() {
        return read(dir.resolve("cgroup.procs")).lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    }

    /**
     * This process's cgroup in the hierarchy mounted with file system {@code type} ({@code cgroup2}, or
     * {@code cgroup} with the v1 controller {@code controller}), from /proc/self/mountinfo and /proc/self/cgroup.
     */
    private static Optional<Path> ownCgroup(String type, String controller, List<String> tried) {
        String label = type.equals("cgroup2") ? "cgroup v2" : "cgroup v1";
        String mountinfo = read(Path.of("/proc/self/mountinfo"));
        for (String line : mountinfo.lines().toList()) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3 || !right[0].equals(type)
                    || (controller != null && !List.of(right[2].split(",")).contains(controller))) {
                continue;
            }
            String mountRoot = left[3];
            Path mountPoint = Path.of(left[4]);
            for (String entry : read(Path.of("/proc/self/cgroup")).lines().toList()) {
                String[] parts = entry.split(":", 3);
                boolean matches = controller == null ? parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()
                        : parts.length == 3 && List.of(parts[1].split(",")).contains(controller);
                if (!matches) {
                    continue;
                }
                String path = parts[2];
                if (!mountRoot.equals("/") && path.startsWith(mountRoot)) {
                    path = path.substring(mountRoot.length());
                }
                Path dir = mountPoint.resolve(path.replaceFirst("^/+", ""));
                if (Files.isDirectory(dir)) {
                    return Optional.of(dir);
                }
                tried.add(label + ": this process's cgroup " + dir + " is not visible");
                return Optional.empty();
            }
        }
        tried.add(label + ": not mounted" + (controller == null ? "" : " with the " + controller + " controller"));
        return Optional.empty();
    }

    private static Path make(Path parent, String name, List<String> tried) {
        Path dir = parent.resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            return Files.createDirectory(dir);
        } catch (IOException e) {
            tried.add("cannot create " + dir + " (" + e + ")");
            return null;
        }
    }

    private static void remove(Path dir) {
        try {
            Files.deleteIfExists(dir); // rmdir: a cgroup's files go with it
        } catch (IOException e) {
            System.err.println("MemoryCgroup: could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static OptionalLong number(Path file) {
        String text = read(file).strip();
        return text.matches("\\d+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }

    /** The value of {@code name} in a file of "name value" lines, or -1. */
    private static long field(Path file, String name) {
        for (String line : read(file).lines().toList()) {
            String[] kv = line.split(" ");
            if (kv.length == 2 && kv[0].equals(name) && kv[1].matches("\\d+")) {
                return Long.parseLong(kv[1]);
            }
        }
        return -1;
    }

    static long mib(long bytes) {
        return bytes >> 20;
    }
}
