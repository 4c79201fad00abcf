package dev.scope.bench;

/** The resident set after one stage of a run, in bytes: all of it, its anonymous part and its file-backed part. */
public record StageMemory(String stage, long rss, long anon, long file) {

    public static StageMemory now(String stage) {
        ProcStatus s = ProcStatus.read();
        return new StageMemory(stage, s.rss(), s.anon(), s.file());
    }
}
