package dev.scope.engine.hub;

/** A downloaded file whose hash is not the one the hub announced as its etag; the partial file is already deleted. */
public final class ChecksumMismatchException extends HubException {
    public ChecksumMismatchException(String file, String expected, String actual) {
        this(file, "sha256", expected, actual);
    }

    public ChecksumMismatchException(String file, String kind, String expected, String actual) {
        super("The download of " + file + " has " + kind + " " + actual + " but the hub announced " + expected
                + ", so it was deleted; run again to download it afresh.");
    }
}
