package dev.scope.engine.hub;

/** The source (hub repository or local folder) exists but does not hold the file asked for. */
public final class EntryNotFoundException extends HubException {
    private final String path;

    private EntryNotFoundException(String path, String message) {
        super(message);
        this.path = path;
    }

    static EntryNotFoundException inRepo(String repoId, String revision, String path) {
        return new EntryNotFoundException(path, "Repository " + repoId + " has no file " + path + " at revision "
                + revision + "; check the file name, or pin a revision that has it.");
    }

    static EntryNotFoundException inLocal(java.nio.file.Path where, String path) {
        return new EntryNotFoundException(path, "There is no file " + path + " in " + where
                + "; copy it there, or give the Hugging Face repo id instead of the local path.");
    }

    /** A local source that does not exist at all: name it, not the folder above it. */
    static EntryNotFoundException noLocalSource(java.nio.file.Path base, String path) {
        return new EntryNotFoundException(path == null ? base.toString() : path, "There is no file or folder " + base
                + "; check the path given for the weights (--clip/--saes, or SCOPE_CLIP/SCOPE_SAES).");
    }

    static EntryNotFoundException noCheckpoints(Source source) {
        return new EntryNotFoundException("<layer>_resid/<tokens>.pt", source
                + " holds no SAE checkpoints named <layer>_resid/<tokens>.pt; point the SAE source at the scope repo"
                + " or at a folder laid out like it.");
    }

    static EntryNotFoundException noLayer(Source source, int layer, java.util.Set<Integer> layers) {
        return new EntryNotFoundException(layer + "_resid", source + " has no SAE for layer " + layer
                + "; pick one of the layers it has: " + layers + ".");
    }

    /** The file path inside the source that is missing. */
    public String path() {
        return path;
    }
}
