package dev.scope.engine.hub;

import java.nio.file.Path;

/** A file or listing that is not in the local cache while the hub cannot be asked (offline mode, or no network). */
public final class NotCachedException extends HubException {
    private final String repoId;
    private final String path;

    private NotCachedException(String repoId, String path, String message, Throwable cause) {
        super(message, cause);
        this.repoId = repoId;
        this.path = path;
    }

    static NotCachedException file(Source.Repo repo, String path, Path cacheDir, String why, Throwable cause) {
        return new NotCachedException(repo.repoId(), path, path + " of " + repo.repoId() + " (revision "
                + repo.revision() + ") is not in the Hugging Face cache " + cacheDir + " and " + why
                + "; run once online, or fetch it with `huggingface-cli download " + repo.repoId() + " " + path
                + "`, or point scope at a local copy (--clip/--saes or SCOPE_CLIP/SCOPE_SAES).", cause);
    }

    static NotCachedException listing(Source.Repo repo, Path cacheDir, String why, Throwable cause) {
        return new NotCachedException(repo.repoId(), null, repo.repoId() + " (revision " + repo.revision()
                + ") has no snapshot in the Hugging Face cache " + cacheDir + " and " + why
                + "; run once online, or fetch it with `huggingface-cli download " + repo.repoId()
                + "`, or point scope at a local copy (--clip/--saes or SCOPE_CLIP/SCOPE_SAES).", cause);
    }

    public String repoId() {
        return repoId;
    }

    /** The missing file, or null when a repository listing was missing. */
    public String path() {
        return path;
    }
}
