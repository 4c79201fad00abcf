package dev.scope.engine.io;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * Gives back the pages of a memory-mapped tensor once its values have been copied out (converted to
 * another type, or concatenated into a fused weight). Until the collector unmaps a mapped buffer, every
 * page read through it stays in this process's resident set: loading a float32 checkpoint into float16
 * storage would otherwise hold the whole float32 file in RSS beside its float16 copy.
 * <p>
 * Uses {@code madvise(MADV_PAGEOUT)} (Linux 5.4+), which only ever evicts: clean file pages are dropped
 * and read again from the file if touched, and anonymous memory is left as it is, so a buffer that was
 * not a file mapping after all loses nothing. Elsewhere, or if the call fails, pages stay until the
 * mapping is collected, as before.
 */
public final class MappedPages {
    private static final int MADV_PAGEOUT = 21;
    /** Set to false to keep the pages (the benchmark measures memory both ways). */
    public static final String PROPERTY = "scope.releaseMappedPages";
    private static final LibC LIBC = Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) ? load() : null;

    private MappedPages() {
    }

    private interface LibC extends Library {
        int madvise(Pointer address, NativeLong length, int advice);

        int getpagesize();
    }

    private static LibC load() {
        try {
            return Platform.isLinux() ? Native.load("c", LibC.class) : null;
        } catch (Throwable e) { // no JNA native support here: keep the pages, as without this class
            return null;
        }
    }

    /** Asks the kernel to drop the whole pages inside {@code buffer}; returns whether it agreed. */
    public static boolean release(ByteBuffer buffer) {
        if (LIBC == null || !buffer.isDirect() || buffer.capacity() == 0) {
            return false;
        }
        try {
            long page = LIBC.getpagesize();
            long start = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
            long from = (start + page - 1) / page * page;
            long to = (start + buffer.capacity()) / page * page;
            if (to <= from) {
                return false;
            }
            return LIBC.madvise(new Pointer(from), new NativeLong(to - from), MADV_PAGEOUT) == 0;
        } catch (Throwable e) { // an old kernel (EINVAL) or no JNA: the pages stay until the mapping is collected
            return false;
        }
    }
}
