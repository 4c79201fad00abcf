package dev.scope.engine.hub;

/** The repository exists but has no branch, tag or commit of that name. */
public final class RevisionNotFoundException extends HubException {
    private final String repoId;
    private final String revision;

    public RevisionNotFoundException(String repoId, String revision) {
        super("Repository " + repoId + " has no revision '" + revision
                + "'; pass an existing branch, tag or 40-character commit hash (or leave it out for main).");
        this.repoId = repoId;
        this.revision = revision;
    }

    public String repoId() {
        return repoId;
    }

    public String revision() {
        return revision;
    }
}
