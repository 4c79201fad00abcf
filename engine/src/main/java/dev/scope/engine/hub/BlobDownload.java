package dev.scope.engine.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings one blob into the cache: bytes go to {@code blobs/{etag}.incomplete}, a failed attempt is resumed
 * with a Range request after a wait ({@link RetryPolicy}), the content is checked against the etag
 * ({@link ContentCheck}), and only a complete, verified file is renamed to {@code blobs/{etag}}. A presigned
 * link that is about to expire, or that the CDN refuses (403, 404, 410), is replaced by a fresh one from a
 * new HEAD at the same commit; a refusal of the fresh link is the CDN's error ({@link CdnException}).
 */
final class BlobDownload {
    /** A link with less than this left is renewed before a request: one started at the last second may be refused. */
    static final Duration LINK_MARGIN = Duration.ofSeconds(30);
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes\\s+(\\d+)-");

    private final HubHttp http;
    private final HubCache cache;
    private final Source.Repo repo;
    private final String path;
    private final String label;
    private final ProgressListener listener;
    private FileMetadata meta;
    private boolean renewLink;
    private long have;
    private ContentCheck check;
    private ThrottledProgress progress;

    BlobDownload(HubHttp http, HubCache cache, Source.Repo repo, String path, FileMetadata meta,
            ProgressListener listener) {
        this.http = http;
        this.cache = cache;
        this.repo = repo;
        this.path = path;
        this.meta = meta;
        this.label = repo.repoId() + "/" + path;
        this.listener = listener;
    }

    /** Returns the blob, downloading it unless another thread or process already did. */
    Path fetch() throws IOException {
        Path blob = cache.blob(repo.repoId(), meta.etag());
        if (Files.isRegularFile(blob)) {
            return blob;
        }
        Files.createDirectories(blob.getParent());
        try (BlobLock lock = BlobLock.acquire(cache.lockFile(repo.repoId(), meta.etag()))) {
            if (!Files.isRegularFile(blob)) {
                transfer(blob);
            }
        } catch (InterruptedException | ClosedByInterruptException | FileLockInterruptionException e) {
            Thread.currentThread().interrupt();
            throw new DownloadCancelledException(label, have);
        }
        return blob;
    }

    private void transfer(Path blob) throws IOException {
        Path part = cache.openPartial(repo.repoId(), meta.etag());
        long size = meta.size();
        have = Files.size(part);
        check = ContentCheck.forEtag(meta.etag(), size);
        if (have > size) {
            restart(part); // not a prefix of this file: start over
        } else if (have > 0) {
            check.updateFrom(part, have, label);
        }
        progress = new ThrottledProgress(listener, label, size, have);
        RetryPolicy policy = http.settings().retry();
        int failures = 0;
        boolean refusedSinceRenewal = false;
        long best = have; // progress means more bytes than ever held, so a transfer that starts over cannot loop
        while (have < size) {
            try {
                attempt(part);
            } catch (LinkRefused refused) {
                if (refusedSinceRenewal) {
                    throw CdnException.refused(label, refused.host, refused.status);
                }
                refusedSinceRenewal = true;
                renewLink = true;
            } catch (Retryable failure) {
                if (have > best) {
                    best = have;
                    failures = 0; // it advanced: a flaky link, not a dead one
                    refusedSinceRenewal = false;
                }
                failures++;
                if (failures > policy.retries()) {
                    throw new IncompleteDownloadException(label, have, size, failure.getMessage()
                            + (failures > 1 ? ", " + failures + " attempts in a row without progress" : ""),
                            failure.getCause());
                }
                HubHttp.pause(policy.waitBefore(failures, failure.retryAfter), label, have);
            }
        }
        ChecksumMismatchException mismatch = check.mismatch(label);
        if (mismatch != null) {
            Files.deleteIfExists(part);
            throw mismatch;
        }
        progress.update(have);
        cache.publish(part, blob);
    }

    /** One GET from {@code have} on; returns with the file complete, or throws what should happen next. */
    private void attempt(Path part) throws IOException, Retryable, LinkRefused {
        if (renewLink || meta.linkExpiresBefore(Instant.now().plus(LINK_MARGIN))) {
            renew();
        }
        HttpResponse<ChunkStream> response;
        try {
            response = http.download(repo, path, meta.location(), have);
        } catch (HubUnreachableException e) {
            throw new Retryable(HubUnreachableException.describe(e.getCause()), e, null);
        }
        URI at = response.request().uri();
        int status = response.statusCode();
        boolean cdn = !http.isHub(at);
        if (status == 416 && have > 0) {
            restart(part);
            throw new Retryable("the server has fewer bytes than were kept, so the download starts over", null, null);
        }
        if (status != 200 && status != 206) {
            if (cdn && (status == 403 || status == 404 || status == 410)) {
                throw new LinkRefused(at.getHost(), status);
            }
            if (HubHttp.isRetryStatus(status)) {
                throw new Retryable((cdn ? "the download server " + at.getHost() : "the hub") + " answered HTTP "
                        + status, null, HubHttp.retryAfter(response.headers()));
            }
            throw cdn ? CdnException.failed(label, at.getHost(), status)
                    : http.error(repo, path, at, status, response.headers());
        }
        if (status == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE_START.matcher(range);
            if (!m.lookingAt() || !m.group(1).equals(Long.toString(have))) {
                response.body().cancel();
                throw new HubResponseException("The server answered the resume of " + label + " at byte " + have
                        + " with Content-Range " + HubUrls.quoted(range) + "; try again later.");
            }
        } else if (have > 0) {
            restart(part); // the server ignored Range and sends the whole file
        }
        copy(response.body(), part);
        if (have > meta.size()) {
            Files.deleteIfExists(part);
            throw new HubResponseException("The server sent more than the " + meta.size() + " bytes the hub announced"
                    + " for " + label + ", so the download was deleted; try again later.");
        }
        if (have < meta.size()) {
            throw new Retryable("the server ended the transfer early", null, null);
        }
    }

    /** Asks the hub again, at the same commit, for a fresh download link. */
    private void renew() throws IOException, Retryable {
        FileMetadata fresh;
        try {
            fresh = http.head(repo.at(meta.commit()), path);
        } catch (HubUnreachableException e) {
            throw new Retryable("the hub could not be reached for a fresh download link ("
                    + HubUnreachableException.describe(e.getCause()) + ")", e, null);
        }
        if (!fresh.etag().equals(meta.etag()) || fresh.size() != meta.size()) {
            throw new HubResponseException("The hub now describes " + label + " at commit " + meta.commit()
                    + " as another file (etag " + fresh.etag() + ", " + fresh.size() + " bytes); run again.");
        }
        meta = fresh;
        renewLink = false;
    }

    private void restart(Path part) throws IOException {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.truncate(0);
        }
        have = 0;
        check.reset();
    }

    /** Appends the body to {@code part} from {@code have} on, feeding the check and the progress. */
    private void copy(ChunkStream body, Path part) throws IOException, Retryable {
        Duration stall = http.settings().stallTimeout();
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.truncate(have);
            out.position(have);
            while (true) {
                List<ByteBuffer> buffers;
                try {
                    buffers = body.next(stall);
                } catch (InterruptedException e) {
                    body.cancel();
                    Thread.currentThread().interrupt();
                    throw new DownloadCancelledException(label, have);
                } catch (IOException e) {
                    body.cancel();
                    throw new Retryable(HubUnreachableException.describe(e), e, null);
                }
                if (buffers == null) {
                    return;
                }
                for (ByteBuffer buffer : buffers) {
                    check.update(buffer.duplicate());
                    write(out, buffer, part);
                }
                if (have > meta.size()) {
                    body.cancel();
                    return;
                }
                progress.update(have);
            }
        } catch (ClosedByInterruptException e) {
            body.cancel();
            Thread.currentThread().interrupt();
            throw new DownloadCancelledException(label, have);
        }
    }

    private void write(FileChannel out, ByteBuffer buffer, Path part) throws IOException {
        int n = buffer.remaining();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            throw new HubException("Writing " + label + " into the cache at " + part.getParent() + " failed ("
                    + HubUnreachableException.describe(e) + "); free some space there or point HF_HUB_CACHE at"
                    + " another folder, then run again to resume.", e);
        }
        have += n;
    }

    /** A failure worth another attempt after a wait: the connection broke, stalled or the server was busy. */
    private static final class Retryable extends Exception {
        final Duration retryAfter;

        Retryable(String why, Throwable cause, Duration retryAfter) {
            super(why, cause, false, false);
            this.retryAfter = retryAfter;
        }
    }

    /** The CDN refused the presigned link: it may have expired, so a fresh one is asked for. */
    private static final class LinkRefused extends Exception {
        final String host;
        final int status;

        LinkRefused(String host, int status) {
            super(null, null, false, false);
            this.host = host;
            this.status = status;
        }
    }
}
