package dev.scope.engine.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The huggingface_hub cache layout, so that files either side downloaded are used by the other:
 * <pre>
 * {cacheDir}/models--{org}--{name}/blobs/{etag}                 the file's bytes (etag = sha256 for LFS files)
 * {cacheDir}/models--{org}--{name}/snapshots/{commit}/{path}   relative symlink to ../../blobs/{etag}
 * {cacheDir}/models--{org}--{name}/refs/{revision}             the commit hash a branch or tag was last seen at
 * {cacheDir}/.locks/models--{org}--{name}/{etag}.lock           held while the blob is written
 * </pre>
 */
final class HubCache {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path root;

    HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** {@code models--org--name}: the repo id's slash becomes the {@code --} separator. */
    static String folderName(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    Path repoFolder(String repoId) {
        return root.resolve(folderName(repoId));
    }

    Path blob(String repoId, String etag) {
        if (etag.isEmpty() || etag.contains("/") || etag.contains("\\") || etag.startsWith(".")) {
            throw new IllegalArgumentException("unusable etag '" + etag + "'");
        }
        return repoFolder(repoId).resolve("blobs").resolve(etag);
    }

    Path incomplete(String repoId, String etag) {
        return blob(repoId, etag).resolveSibling(etag + ".incomplete");
    }

    Path lockFile(String repoId, String etag) {
        return root.resolve(".locks").resolve(folderName(repoId)).resolve(etag + ".lock");
    }

    Path snapshotDir(String repoId, String commit) {
        return inside(repoFolder(repoId).resolve("snapshots"), commit);
    }

    /** The pointer of {@code path} in a snapshot; refuses paths that would land outside it. */
    Path snapshotFile(String repoId, String commit, String path) {
        return inside(snapshotDir(repoId, commit), path);
    }

    /** The commit a revision stands for here: itself if it is a commit hash, else what refs/ recorded. */
    Optional<String> commitOf(String repoId, String revision) throws IOException {
        if (COMMIT.matcher(revision).matches()) {
            return Optional.of(revision);
        }
        Path ref = inside(repoFolder(repoId).resolve("refs"), revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }

    /** The cached file for {@code path} at {@code revision}, if its snapshot pointer leads to a complete file. */
    Optional<Path> cachedFile(String repoId, String revision, String path) throws IOException {
        Optional<String> commit = commitOf(repoId, revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        Path pointer = snapshotFile(repoId, commit.get(), path);
        return Files.isRegularFile(pointer) ? Optional.of(pointer) : Optional.empty();
    }

    /** Records that {@code revision} (a branch or tag) stands for {@code commit}; written atomically. */
    void writeRef(String repoId, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = inside(repoFolder(repoId).resolve("refs"), revision);
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).equals(commit)) {
            return; // unchanged: a read-only shared cache keeps working
        }
        Files.createDirectories(ref.getParent());
        Path tmp = Files.createTempFile(repoFolder(repoId), "tmp_ref_", "");
        try {
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            Files.move(tmp, ref, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes the snapshot pointer for {@code path} a relative symlink to the blob (or, where symlinks are
     * not allowed, an atomically placed copy of it). A symlink is created whole or not at all.
     */
    Path link(String repoId, String commit, String path, Path blob) throws IOException {
        Path pointer = snapshotFile(repoId, commit, path);
        if (Files.isRegularFile(pointer)) {
            return pointer; // a commit's path has one content, so any complete file there is the right one
        }
        Files.createDirectories(pointer.getParent());
        Files.deleteIfExists(pointer); // a dangling symlink left by a removed blob
        try {
            Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isRegularFile(pointer)) {
                throw e; // another process put something unusable there in the meantime
            }
        } catch (UnsupportedOperationException | FileSystemException e) {
            copyInto(repoFolder(repoId), blob, pointer);
        }
        return pointer;
    }

    /** All complete files of a snapshot, as repo paths with {@code /} separators, sorted. */
    List<String> snapshotFiles(String repoId, String commit) throws IOException {
        Path dir = snapshotDir(repoId, commit);
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    private static void copyInto(Path repoFolder, Path blob, Path pointer) throws IOException {
        Path tmp = Files.createTempFile(repoFolder, "tmp_copy_", "");
        try {
            Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path inside(Path base, String relative) {
        Path p = base.resolve(relative).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new IllegalArgumentException("'" + relative + "' would lie outside " + base);
        }
        return p;
    }
}
