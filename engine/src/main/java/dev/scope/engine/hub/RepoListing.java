package dev.scope.engine.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * The files a source holds.
 *
 * @param commit  the commit the listing was taken at, or null for a local folder
 * @param files   repo paths with {@code /} separators, sorted
 * @param fromHub true when the hub itself listed the files; false for a local folder, and for a cached
 *                snapshot, which holds only the files downloaded so far
 */
public record RepoListing(String commit, List<String> files, boolean fromHub) {

    public RepoListing {
        files = List.copyOf(files);
    }

    /** A listing not taken from the hub: a local folder, or a cached snapshot. */
    public RepoListing(String commit, List<String> files) {
        this(commit, files, false);
    }

    /** Reads the hub's {@code /api/models/...} answer: {@code sha} and {@code siblings[].rfilename}. */
    static RepoListing parse(Source.Repo repo, String json) throws HubResponseException {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            JsonElement sha = root.get("sha");
            JsonElement siblings = root.get("siblings");
            if (sha == null || !sha.isJsonPrimitive() || siblings == null || !siblings.isJsonArray()) {
                throw new HubResponseException("The hub's listing of " + repo
                        + " lacks 'sha' or 'siblings', so its files cannot be found; try again later.");
            }
            List<String> files = new ArrayList<>();
            JsonArray array = siblings.getAsJsonArray();
            for (JsonElement sibling : array) {
                JsonElement name = sibling.isJsonObject() ? sibling.getAsJsonObject().get("rfilename") : null;
                if (name != null && name.isJsonPrimitive()) {
                    files.add(name.getAsString());
                }
            }
            files.sort(null);
            String commit = sha.getAsString();
            if (!FileMetadata.isCommit(commit)) {
                throw new HubResponseException("The hub's listing of " + repo + " names the commit "
                        + HubUrls.quoted(commit) + ", which is not a 40-character commit hash; check HF_ENDPOINT"
                        + " and any proxy.");
            }
            return new RepoListing(commit, files, true);
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new HubResponseException("The hub's listing of " + repo + " is not valid JSON (" + e.getMessage()
                    + "); try again later.", e);
        }
    }
}
