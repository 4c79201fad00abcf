package dev.scope.engine.hub;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where weights come from: a repository on the Hugging Face hub, or a local folder or file laid out like one.
 *
 * <pre>
 * jshell&gt; Source.parse("laion/CLIP-ViT-L-14-laion2B-s32B-b82K")
 * $1 ==&gt; laion/CLIP-ViT-L-14-laion2B-s32B-b82K
 * jshell&gt; Source.parse("./weights/clip")
 * $2 ==&gt; /home/me/weights/clip
 * </pre>
 */
public sealed interface Source permits Source.Repo, Source.Local {

    String DEFAULT_REVISION = "main";

    /** A hub repository at a revision (branch, tag or 40-hex commit). */
    record Repo(String repoId, String revision) implements Source {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
        private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

        public Repo {
            if (!isRepoId(repoId)) {
                throw new InvalidSourceException("'" + repoId
                        + "' is not a Hugging Face repo id; write it as org/name, e.g. " + WeightSources.CLIP_REPO + ".");
            }
            if (revision == null || revision.isBlank()) {
                revision = DEFAULT_REVISION;
            }
            if (revision.startsWith("/") || revision.endsWith("/") || revision.contains("..")
                    || revision.contains("\\") || revision.chars().anyMatch(c -> c < 0x20)) {
                throw new InvalidSourceException("'" + revision + "' is not a revision of " + repoId
                        + "; give a branch, tag or 40-character commit hash.");
            }
        }

        /** The repository at another revision, e.g. the commit a listing was taken at. */
        public Repo at(String otherRevision) {
            return new Repo(repoId, otherRevision);
        }

        /** True when the revision is a full commit hash, which never moves. */
        public boolean pinned() {
            return COMMIT.matcher(revision).matches();
        }

        static boolean isRepoId(String text) {
            if (text == null) {
                return false;
            }
            String[] parts = text.split("/", -1);
            return parts.length == 2 && NAME.matcher(parts[0]).matches() && NAME.matcher(parts[1]).matches()
                    && !text.contains("--") && !text.contains("..");
        }

        @Override
        public String toString() {
            return revision.equals(DEFAULT_REVISION) ? repoId : repoId + "@" + revision;
        }
    }

    /** A local folder laid out like the repository, or a single file of it. */
    record Local(Path path) implements Source {
        public Local {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    static Repo repo(String repoId) {
        return new Repo(repoId, DEFAULT_REVISION);
    }

    static Repo repo(String repoId, String revision) {
        return new Repo(repoId, revision);
    }

    static Local local(Path path) {
        return new Local(path);
    }

    /**
     * Reads a source the way a user types it: an existing path, or text starting with {@code /}, {@code ./},
     * {@code ../} or {@code ~}, is local; {@code org/name} or {@code org/name@revision} is a hub repository.
     *
     * @throws InvalidSourceException for anything else
     */
    static Source parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSourceException(
                    "An empty weight source was given; pass a local folder or a Hugging Face repo id like org/name.");
        }
        String t = text.strip();
        if (t.equals("~") || t.startsWith("~/")) {
            Path home = Path.of(System.getProperty("user.home"));
            return local(t.length() == 1 ? home : home.resolve(t.substring(2)));
        }
        if (t.startsWith("/") || t.startsWith("./") || t.startsWith("../") || t.equals(".") || t.equals("..")
                || existsAsPath(t)) {
            return local(Path.of(t));
        }
        int at = t.indexOf('@');
        String id = at < 0 ? t : t.substring(0, at);
        if (Repo.isRepoId(id) && (at < 0 || at < t.length() - 1)) {
            return new Repo(id, at < 0 ? DEFAULT_REVISION : t.substring(at + 1));
        }
        throw new InvalidSourceException("'" + t + "' is neither an existing file or folder nor a Hugging Face repo id"
                + " like org/name; pass a path (e.g. ./weights) or a repo id.");
    }

    private static boolean existsAsPath(String text) {
        try {
            return Files.exists(Path.of(text));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
