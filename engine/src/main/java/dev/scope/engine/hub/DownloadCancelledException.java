package dev.scope.engine.hub;

/**
 * A download stopped because its thread was interrupted. The bytes so far stay in the blob's
 * {@code .incomplete} file and the next attempt resumes from there; the thread's interrupt flag is left set.
 */
public final class DownloadCancelledException extends HubException {
    public DownloadCancelledException(String file, long bytesDone) {
        super("The download of " + file + " was cancelled after " + String.format(java.util.Locale.ROOT, "%,d", bytesDone)
                + " bytes; asking again resumes it.");
    }
}
