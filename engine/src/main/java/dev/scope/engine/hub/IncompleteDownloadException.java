package dev.scope.engine.hub;

/** A transfer that broke off (connection lost, stalled, short); what arrived is kept for the next attempt to resume. */
public final class IncompleteDownloadException extends HubException {
    public IncompleteDownloadException(String file, long bytesDone, long total, String why, Throwable cause) {
        super("The download of " + file + " stopped at " + bytesDone + " of " + total + " bytes (" + why
                + "); ask for the file again to resume it.", cause);
    }
}
