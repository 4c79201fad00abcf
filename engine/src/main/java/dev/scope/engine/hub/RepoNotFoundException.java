package dev.scope.engine.hub;

/** The hub knows no repository of that id (or hides a private one from this caller). */
public final class RepoNotFoundException extends HubException {
    private final String repoId;

    public RepoNotFoundException(String repoId, String endpoint) {
        super("There is no repository " + repoId + " on " + endpoint
                + "; check the repo id, or set HF_TOKEN to a token that can read it if it is private.");
        this.repoId = repoId;
    }

    public String repoId() {
        return repoId;
    }
}
