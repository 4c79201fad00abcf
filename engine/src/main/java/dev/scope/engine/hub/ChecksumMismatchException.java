package dev.scope.engine.hub;

/** A downloaded LFS file whose sha256 is not the one the hub announced; the partial file is already deleted. */
public final class ChecksumMismatchException extends HubException {
    public ChecksumMismatchException(String file, String expected, String actual) {
        super("The download of " + file + " has sha256 " + actual + " but the hub announced " + expected
                + ", so it was deleted; run again to download it afresh.");
    }
}
