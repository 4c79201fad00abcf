package dev.scope.engine.hub;

/** The hub refused the request (401/403): the repository is gated or private, or the token is wrong. */
public final class HubAccessDeniedException extends HubException {
    private final int status;

    public HubAccessDeniedException(String repoId, int status, boolean gated, boolean tokenSent) {
        super(message(repoId, status, gated, tokenSent));
        this.status = status;
    }

    private static String message(String repoId, int status, boolean gated, boolean tokenSent) {
        String what = gated ? repoId + " is a gated repository (HTTP " + status + ")"
                : "The hub refused access to " + repoId + " (HTTP " + status + ")";
        String fix = tokenSent
                ? "; the token in HF_TOKEN was not accepted, so set HF_TOKEN to a token of an account that has access"
                : "; set HF_TOKEN to a token of an account that has access";
        return what + fix + (gated ? " after accepting its terms on the hub." : ".");
    }

    public int status() {
        return status;
    }
}
