package dev.scope.engine.hub;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings one blob into the cache: bytes go to {@code blobs/{etag}.incomplete}, a later attempt resumes it
 * with a Range request, an LFS file's sha256 is checked against its etag, and only a complete, verified
 * file is renamed to {@code blobs/{etag}}.
 */
final class BlobDownload {
    private static final Pattern CONTENT_RANGE_START = Pattern.compile("bytes\\s+(\\d+)-");

    private final HubHttp http;
    private final HubCache cache;
    private final Source.Repo repo;
    private final String path;
    private final FileMetadata meta;
    private final Duration stallTimeout;
    private final String label;
    private final ProgressListener listener;

    BlobDownload(HubHttp http, HubCache cache, Source.Repo repo, String path, FileMetadata meta,
            Duration stallTimeout, ProgressListener listener) {
        this.http = http;
        this.cache = cache;
        this.repo = repo;
        this.path = path;
        this.meta = meta;
        this.stallTimeout = stallTimeout;
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
                transfer(cache.incomplete(repo.repoId(), meta.etag()), blob);
            }
        } catch (InterruptedException | ClosedByInterruptException | FileLockInterruptionException e) {
            Thread.currentThread().interrupt();
            throw new DownloadCancelledException(label, 0);
        }
        return blob;
    }

    private void transfer(Path part, Path blob) throws IOException {
        long size = meta.size();
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (have > size) {
            Files.delete(part); // not a prefix of this file: start over
            have = 0;
        }
        MessageDigest sha = meta.isLfs() ? sha256() : null;
        if (sha != null && have > 0) {
            hashPrefix(part, have, sha);
        }
        ThrottledProgress progress = new ThrottledProgress(listener, label, size, have);
        if (have < size) {
            have = receive(part, have, sha, progress);
        }
        if (have < size) {
            throw new IncompleteDownloadException(label, have, size, "the server ended the transfer early", null);
        }
        if (have > size) {
            Files.deleteIfExists(part);
            throw new HubResponseException("The server sent " + have + " bytes for " + label + " where the hub announced "
                    + size + ", so the download was deleted; try again later.");
        }
        if (sha != null) {
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(meta.etag())) {
                Files.deleteIfExists(part);
                throw new ChecksumMismatchException(label, meta.etag(), actual);
            }
        }
        progress.update(have);
        Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
    }

    /** GETs from {@code have} on and appends to {@code part}; returns the bytes it then holds. */
    private long receive(Path part, long have, MessageDigest sha, ThrottledProgress progress) throws IOException {
        HttpResponse<ChunkStream> response;
        try {
            response = http.download(repo, path, meta.location(), have);
        } catch (HubUnreachableException e) {
            throw new IncompleteDownloadException(label, have, meta.size(), HubUnreachableException.describe(e.getCause()), e);
        }
        int status = response.statusCode();
        if (status == 416 && have > 0) {
            Files.delete(part); // the server has fewer bytes than we kept: they were not this file's
            if (sha != null) {
                sha.reset();
            }
            return receive(part, 0, sha, progress);
        }
        if (status != 200 && status != 206) {
            throw http.error(repo, path, meta.location(), status, response.headers());
        }
        boolean append = have > 0;
        if (status == 206) {
            long start = contentRangeStart(response);
            if (start != have) {
                response.body().cancel();
                throw new HubResponseException("The server answered the resume of " + label + " at byte " + have
                        + " with bytes from " + start + "; try again later.");
            }
        } else if (have > 0) {
            append = false; // the server ignored Range and sends the whole file
            have = 0;
            if (sha != null) {
                sha.reset();
            }
        }
        return copy(response.body(), part, append, have, sha, progress);
    }

    private long copy(ChunkStream body, Path part, boolean append, long have, MessageDigest sha,
            ThrottledProgress progress) throws IOException {
        long done = have;
        byte[] scratch = new byte[64 * 1024];
        try (OutputStream out = new FileOutputStream(part.toFile(), append)) {
            while (true) {
                List<ByteBuffer> buffers;
                try {
                    buffers = body.next(stallTimeout);
                } catch (InterruptedException e) {
                    body.cancel();
                    Thread.currentThread().interrupt();
                    throw new DownloadCancelledException(label, done);
                } catch (IOException e) {
                    body.cancel();
                    throw new IncompleteDownloadException(label, done, meta.size(), HubUnreachableException.describe(e), e);
                }
                if (buffers == null) {
                    return done;
                }
                for (ByteBuffer buffer : buffers) {
                    while (buffer.hasRemaining()) {
                        int n = Math.min(scratch.length, buffer.remaining());
                        buffer.get(scratch, 0, n);
                        out.write(scratch, 0, n);
                        if (sha != null) {
                            sha.update(scratch, 0, n);
                        }
                        done += n;
                    }
                }
                if (done > meta.size()) {
                    body.cancel();
                    return done;
                }
                progress.update(done);
            }
        }
    }

    private void hashPrefix(Path part, long length, MessageDigest sha) throws IOException {
        byte[] buf = new byte[1 << 20];
        long left = length;
        try (InputStream in = Files.newInputStream(part)) {
            while (left > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new DownloadCancelledException(label, length);
                }
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(part + " shrank while it was read");
                }
                sha.update(buf, 0, n);
                left -= n;
            }
        }
    }

    private static long contentRangeStart(HttpResponse<?> response) {
        Matcher m = CONTENT_RANGE_START.matcher(response.headers().firstValue("Content-Range").orElse(""));
        return m.lookingAt() ? Long.parseLong(m.group(1)) : -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
