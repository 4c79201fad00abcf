package dev.scope.engine.hub;

import java.util.OptionalLong;

/**
 * How far a download has come: one file's, or several files' together ({@link Hub#files}).
 *
 * @param file           what is downloaded, as {@code org/name/path}, or {@code "N files"} for several
 * @param bytesDone      bytes in the local files so far, including any resumed from an earlier attempt
 * @param totalBytes     the full size
 * @param bytesPerSecond the rate of this call so far
 */
public record TransferProgress(String file, long bytesDone, long totalBytes, double bytesPerSecond) {

    /** Done as a fraction in [0, 1]. */
    public double fraction() {
        return totalBytes <= 0 ? 1.0 : Math.min(1.0, (double) bytesDone / totalBytes);
    }

    public boolean finished() {
        return bytesDone >= totalBytes;
    }

    /** Seconds left at the rate so far; empty while nothing has arrived yet. */
    public OptionalLong secondsLeft() {
        if (finished()) {
            return OptionalLong.of(0);
        }
        return bytesPerSecond > 0 ? OptionalLong.of((long) Math.ceil((totalBytes - bytesDone) / bytesPerSecond))
                : OptionalLong.empty();
    }
}
