package dev.scope.engine.hub;

/** The hub could not be reached at all (no network, refused, timed out); callers fall back to the cache. */
final class HubUnreachableException extends HubException {
    HubUnreachableException(String url, Throwable cause) {
        super("The hub at " + url + " could not be reached (" + describe(cause) + ").", cause);
    }

    /** A short reason for messages, e.g. "ConnectException: Connection refused". */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
