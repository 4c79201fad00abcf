package dev.scope.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;

/**
 * The process's CPU clock through JNA: the JDK's own process CPU time counts in 10 ms ticks on Linux,
 * too coarse for a 10 ms stage, and per-thread times lose the threads that ended.
 */
final class ProcessClock {
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final LibC LIBC = load();

    private ProcessClock() {
    }

    private interface LibC extends Library {
        int clock_gettime(int clock, TimeSpec time);
    }

    @Structure.FieldOrder({"seconds", "nanos"})
    public static final class TimeSpec extends Structure {
        public long seconds;
        public long nanos;
    }

    private static LibC load() {
        try {
            return Platform.isLinux() ? Native.load("c", LibC.class) : null;
        } catch (Throwable e) { // no JNA native support: no CPU times in the report
            return null;
        }
    }

    static long nanos() {
        if (LIBC == null) {
            return 0;
        }
        TimeSpec t = new TimeSpec();
        return LIBC.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, t) == 0 ? t.seconds * 1_000_000_000L + t.nanos : 0;
    }
}
