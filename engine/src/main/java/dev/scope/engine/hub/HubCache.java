package dev.scope.engine.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The huggingface_hub cache layout, so that files either side downloaded are used by the other:
 * <pre>
 * {cacheDir}/models--{org}--{name}/blobs/{etag}                 the file's bytes (etag = sha256 for LFS files)
 * {cacheDir}/models--{org}--{name}/snapshots/{commit}/{path}   relative symlink to ../../blobs/{etag}
 * {cacheDir}/models--{org}--{name}/refs/{revision}             the commit hash a branch or tag was last seen at
 * {cacheDir}/.locks/models--{org}--{name}/{etag}.lock           held while the blob is written
 * </pre>
 * Files are written under a private temporary name ({@link Files#createTempFile}, readable by this user
 * only) and given the permissions of any new file in their folder only when complete, as huggingface_hub
 * does, so a shared cache stays readable by the others who use it. A download in progress lies in
 * {@code blobs/{etag}.incomplete}, private too, and is never visible under {@code snapshots/}.
 */
final class HubCache {

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
        if (!FileMetadata.isUsableEtag(etag)) {
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

    /**
     * The commit a revision stands for here: itself if it is a commit hash, else what refs/ recorded; a
     * ref that holds anything but a 40-character commit hash is as good as none.
     */
    Optional<String> commitOf(String repoId, String revision) throws IOException {
        if (FileMetadata.isCommit(revision)) {
            return Optional.of(revision);
        }
        Path ref = inside(repoFolder(repoId).resolve("refs"), revision);
        if (!Files.isRegularFile(ref) || Files.size(ref) > 1024) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return FileMetadata.isCommit(commit) ? Optional.of(commit) : Optional.empty();
    }

    /**
     * The partial file of a blob, created empty and private ({@link Files#createTempFile}, then renamed) when
     * there is none; something that is not a plain file there (a symlink planted in a shared cache) is removed
     * rather than written through. Call with the blob's lock held.
     */
    Path openPartial(String repoId, String etag) throws IOException {
        Path part = incomplete(repoId, etag);
        if (Files.exists(part, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(part);
        }
        if (!Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(part.getParent());
            Path tmp = Files.createTempFile(part.getParent(), "tmp_", ".incomplete");
            try {
                Files.move(tmp, part, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return part;
    }

    /** Makes a complete, verified partial file the blob: shared like any new file of the cache, renamed atomically. */
    void publish(Path part, Path blob) throws IOException {
        shareLikeNewFiles(part);
        Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
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
            shareLikeNewFiles(tmp);
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
            shareLikeNewFiles(tmp);
            Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Gives {@code file} (private, as {@link Files#createTempFile} makes it) the permissions a new file in its
     * folder gets under this process's umask, learnt from a probe file as huggingface_hub does. Where that
     * cannot be done (no POSIX permissions, not allowed) the file stays private, which is the safe side.
     */
    private static void shareLikeNewFiles(Path file) {
        Path probe = file.resolveSibling("tmp_" + UUID.randomUUID());
        try {
            Files.createFile(probe);
            Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(probe));
        } catch (IOException | UnsupportedOperationException e) {
            // keep it private
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // an empty probe file left behind is harmless
            }
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
