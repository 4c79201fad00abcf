package dev.scope.engine.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gets weight files from the Hugging Face hub into the shared huggingface_hub cache, or from a local copy.
 *
 * <p>A file already in the cache for the asked revision is returned without asking the hub, so a
 * second run needs no network; to follow a branch that moved, pin the new commit or delete
 * {@code refs/<branch>}. Otherwise a HEAD request learns the commit, etag and size, and the bytes are
 * downloaded into {@code blobs/} (retried and resumed with Range across cuts and stalls, checked against
 * the etag's sha256 or git blob id), with a relative symlink under {@code snapshots/<commit>/}. With
 * {@code HF_HUB_OFFLINE=1} only the cache is used. Interrupting the calling thread cancels a download,
 * keeping what arrived for the next attempt.
 *
 * <pre>
 * jshell&gt; var hub = Hub.fromEnvironment();
 * jshell&gt; hub.file("laion/CLIP-ViT-L-14-laion2B-s32B-b82K", "config.json")
 * $2 ==&gt; /home/me/.cache/huggingface/hub/models--laion--CLIP-ViT-L-14-laion2B-s32B-b82K/snapshots/…/config.json
 * </pre>
 */
public final class Hub {
    private static final int LOCAL_LISTING_DEPTH = 4;

    private final HubSettings settings;
    private final HubCache cache;
    private final HubHttp http;

    public Hub(HubSettings settings) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.http = new HubHttp(settings);
    }

    public static Hub fromEnvironment() {
        return new Hub(HubSettings.fromEnvironment());
    }

    public HubSettings settings() {
        return settings;
    }

    /** {@code path} of hub repository {@code repoId} at {@code main}. */
    public Path file(String repoId, String path) throws IOException {
        return file(Source.repo(repoId), path, ProgressListener.NONE);
    }

    public Path file(Source source, String path) throws IOException {
        return file(source, path, ProgressListener.NONE);
    }

    /**
     * The local path of {@code path} (e.g. {@code 2_resid/1200013184.pt}) in {@code source}.
     *
     * @throws NotCachedException          offline or unreachable hub, and the file is not cached
     * @throws RepoNotFoundException       no such repository
     * @throws RevisionNotFoundException   no such branch, tag or commit
     * @throws EntryNotFoundException      no such file
     * @throws HubAccessDeniedException    gated or private, HF_TOKEN missing or not accepted
     * @throws DownloadCancelledException  the thread was interrupted
     * @throws IncompleteDownloadException the transfer kept failing ({@link HubSettings#retry()}); calling again resumes it
     * @throws ChecksumMismatchException   the bytes are not the announced file
     * @throws CdnException                the download server refused the file even with a fresh link
     */
    public Path file(Source source, String path, ProgressListener progress) throws IOException {
        String p = checkedPath(path);
        if (source instanceof Source.Local) {
            return localFile((Source.Local) source, p);
        }
        Located found = locate((Source.Repo) source, p);
        if (found.cached() != null) {
            return found.cached();
        }
        Path blob = new BlobDownload(http, cache, found.repo(), p, found.meta(), progress).fetch();
        return cache.link(found.repo().repoId(), found.meta().commit(), p, blob);
    }

    /**
     * The local paths of several files, in the order asked. Each is looked up first (local, cached, else a
     * HEAD), so the total is known before the first byte; then the missing ones download
     * {@link HubSettings#parallel()} at a time, reporting together to {@code progress} as {@code "N files"}
     * (bytes over all, rate, {@link TransferProgress#secondsLeft()}). A file that fails lets the others
     * finish; then its error is thrown. Interrupting the calling thread cancels every transfer, each keeping
     * its partial file for the next call.
     *
     * @throws DownloadCancelledException the thread was interrupted
     * @see #file(Source, String, ProgressListener) for the other errors, one file's
     */
    public List<Path> files(List<RepoFile> wanted, ProgressListener progress) throws IOException {
        Path[] out = new Path[wanted.size()];
        Map<String, List<Integer>> byBlob = new LinkedHashMap<>();
        Map<String, Located> blobs = new LinkedHashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            RepoFile f = wanted.get(i);
            String p = checkedPath(f.path());
            if (f.source() instanceof Source.Local) {
                out[i] = localFile((Source.Local) f.source(), p);
                continue;
            }
            Located found = locate((Source.Repo) f.source(), p);
            if (found.cached() != null) {
                out[i] = found.cached();
                continue;
            }
            String key = found.repo().repoId() + "/" + found.meta().etag();
            byBlob.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            blobs.putIfAbsent(key, found);
        }
        if (!blobs.isEmpty()) {
            long total = 0;
            Map<String, Long> already = new LinkedHashMap<>();
            for (Map.Entry<String, Located> e : blobs.entrySet()) {
                FileMetadata meta = e.getValue().meta();
                total += meta.size();
                already.put(e.getKey(), Math.min(meta.size(), partialSize(e.getValue())));
            }
            String label = blobs.size() + (blobs.size() == 1 ? " file" : " files");
            CombinedProgress combined = new CombinedProgress(progress, label, total, already);
            List<BlobDownload> downloads = new ArrayList<>();
            for (Map.Entry<String, Located> e : blobs.entrySet()) {
                Located l = e.getValue();
                downloads.add(new BlobDownload(http, cache, l.repo(), l.path(), l.meta(), combined.part(e.getKey())));
            }
            ParallelDownloads.Outcomes outcomes = ParallelDownloads.run(downloads, settings.parallel(), combined);
            int k = 0;
            for (Map.Entry<String, List<Integer>> e : byBlob.entrySet()) {
                Path blob = outcomes.each().get(k++).blob();
                if (blob == null) {
                    continue;
                }
                for (int i : e.getValue()) {
                    Source.Repo repo = (Source.Repo) wanted.get(i).source();
                    String p = wanted.get(i).path();
                    out[i] = cache.link(repo.repoId(), blobs.get(e.getKey()).meta().commit(), p, blob);
                }
            }
            if (outcomes.cancelled()) {
                throw new DownloadCancelledException(label, combined.bytesDone()); // what finished is linked above
            }
            ParallelDownloads.throwFirstFailure(outcomes.each());
        }
        return List.of(out);
    }

    /** A file of a hub repository: already in the cache, or described by the hub's HEAD for download. */
    private record Located(Source.Repo repo, String path, Path cached, FileMetadata meta) {
    }

    private Located locate(Source.Repo repo, String p) throws IOException {
        Optional<Path> cached = cache.cachedFile(repo.repoId(), repo.revision(), p);
        if (cached.isPresent()) {
            return new Located(repo, p, cached.get(), null);
        }
        if (settings.offline()) {
            throw NotCachedException.file(repo, p, cache.root(), "offline mode is on (HF_HUB_OFFLINE)", null);
        }
        FileMetadata meta;
        try {
            meta = http.head(repo, p);
        } catch (HubUnreachableException e) {
            throw NotCachedException.file(repo, p, cache.root(), "the hub at " + settings.shownEndpoint()
                    + " cannot be reached (" + HubUnreachableException.describe(e.getCause()) + ")", e);
        }
        cache.writeRef(repo.repoId(), repo.revision(), meta.commit());
        Path pointer = cache.snapshotFile(repo.repoId(), meta.commit(), p);
        if (Files.isRegularFile(pointer)) {
            return new Located(repo, p, pointer, meta);
        }
        return new Located(repo, p, null, meta);
    }

    /** Bytes of the file already here: all of a blob that is complete but not yet linked, or a partial file's. */
    private long partialSize(Located l) {
        try {
            Path blob = cache.blob(l.repo().repoId(), l.meta().etag());
            if (Files.isRegularFile(blob)) {
                return l.meta().size();
            }
            Path part = cache.incomplete(l.repo().repoId(), l.meta().etag());
            return Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The files {@code source} holds: the hub's listing of the repository (recording the commit under
     * {@code refs/}), or, offline or without network, the files of its cached snapshot; for a local folder,
     * its files; for a local file, that file named {@code <folder>/<name>}.
     */
    public RepoListing listing(Source source) throws IOException {
        if (source instanceof Source.Local) {
            return localListing((Source.Local) source);
        }
        Source.Repo repo = (Source.Repo) source;
        if (settings.offline()) {
            return cachedListing(repo, "offline mode is on (HF_HUB_OFFLINE)", null);
        }
        String json;
        try {
            json = http.listing(repo);
        } catch (HubUnreachableException e) {
            return cachedListing(repo, "the hub at " + settings.shownEndpoint() + " cannot be reached ("
                    + HubUnreachableException.describe(e.getCause()) + ")", e);
        } catch (HubResponseException busy) {
            // down or rate-limiting after every retry: a snapshot cached earlier still serves, as in huggingface_hub
            Optional<String> commit = cache.commitOf(repo.repoId(), repo.revision());
            if (commit.isPresent() && Files.isDirectory(cache.snapshotDir(repo.repoId(), commit.get()))) {
                return new RepoListing(commit.get(), cache.snapshotFiles(repo.repoId(), commit.get()));
            }
            throw busy;
        }
        RepoListing listing = RepoListing.parse(repo, json);
        if (!repo.pinned()) {
            cache.writeRef(repo.repoId(), repo.revision(), listing.commit());
        }
        return listing;
    }

    /** The SAE checkpoint per layer that {@code source} offers; see {@link SaeCheckpoints}. */
    public SaeCheckpoints saeCheckpoints(Source source) throws IOException {
        return SaeCheckpoints.of(source, listing(source));
    }

    private RepoListing cachedListing(Source.Repo repo, String why, Throwable cause) throws IOException {
        Optional<String> commit = cache.commitOf(repo.repoId(), repo.revision());
        if (commit.isEmpty() || !Files.isDirectory(cache.snapshotDir(repo.repoId(), commit.get()))) {
            throw NotCachedException.listing(repo, cache.root(), why, cause);
        }
        return new RepoListing(commit.get(), cache.snapshotFiles(repo.repoId(), commit.get()));
    }

    private static Path localFile(Source.Local local, String path) throws EntryNotFoundException {
        Path base = local.path();
        Path candidate;
        if (Files.isDirectory(base)) {
            candidate = base.resolve(path).normalize();
        } else if (base.endsWith(Path.of(path))) {
            candidate = base; // the source is this very file
        } else if (!Files.exists(base)) {
            throw EntryNotFoundException.noLocalSource(base, path);
        } else {
            candidate = base.resolveSibling(path).normalize(); // a file next to the given one, e.g. its config.json
        }
        if (!Files.isRegularFile(candidate)) {
            throw EntryNotFoundException.inLocal(Files.isDirectory(base) ? base : base.getParent(), path);
        }
        return candidate;
    }

    private static RepoListing localListing(Source.Local local) throws IOException {
        Path base = local.path();
        if (Files.isRegularFile(base)) {
            Path parent = base.getParent();
            String name = base.getFileName().toString();
            return new RepoListing(null, List.of(parent.getFileName() == null ? name
                    : parent.getFileName() + "/" + name));
        }
        if (!Files.isDirectory(base)) {
            throw EntryNotFoundException.noLocalSource(base, null);
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base, LOCAL_LISTING_DEPTH)) {
            walk.filter(Files::isRegularFile)
                    .map(f -> base.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .forEach(files::add);
        }
        return new RepoListing(null, files);
    }

    /** A repo path: relative, {@code /}-separated, no empty, {@code .} or {@code ..} segments. */
    private static String checkedPath(String path) {
        boolean ok = path != null && !path.isEmpty() && !path.startsWith("/") && !path.contains("\\");
        if (ok) {
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    ok = false;
                    break;
                }
            }
        }
        if (!ok) {
            throw new InvalidSourceException("'" + path + "' is not a file path inside a repository;"
                    + " give a relative path with / separators, e.g. 2_resid/1200013184.pt.");
        }
        return path;
    }
}
