package dev.scope.engine.hub;

/**
 * The server a large file is downloaded from (the hub's CDN, reached through a presigned link) refused it
 * or failed. Its errors are its own: the token is never sent there, so they never mean HF_TOKEN is wrong.
 */
public final class CdnException extends HubException {
    private final String host;
    private final int status;

    private CdnException(String host, int status, String message) {
        super(message);
        this.host = host;
        this.status = status;
    }

    /** Refused (403, 404, 410) even with a link the hub had just given out. */
    static CdnException refused(String file, String host, int status) {
        return new CdnException(host, status, "The download server " + host + " refused " + file + " (HTTP " + status
                + ") even with a fresh link from the hub; that is the CDN's refusal, not a token problem: try again"
                + " later, or check that no proxy or firewall blocks " + host + ".");
    }

    static CdnException failed(String file, String host, int status) {
        return new CdnException(host, status, "The download server " + host + " answered HTTP " + status + " for "
                + file + "; try again later, or check that no proxy or firewall blocks " + host + ".");
    }

    public String host() {
        return host;
    }

    public int status() {
        return status;
    }
}
