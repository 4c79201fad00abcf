package dev.scope.engine.hub;

/**
 * How far one file's download has come.
 *
 * @param file           what is downloaded, as {@code org/name/path}
 * @param bytesDone      bytes in the local file so far, including any resumed from an earlier attempt
 * @param totalBytes     the file's full size
 * @param bytesPerSecond the rate of this attempt so far
 */
public record TransferProgress(String file, long bytesDone, long totalBytes, double bytesPerSecond) {

    /** Done as a fraction in [0, 1]. */
    public double fraction() {
        return totalBytes <= 0 ? 1.0 : Math.min(1.0, (double) bytesDone / totalBytes);
    }

    public boolean finished() {
        return bytesDone >= totalBytes;
    }
}
