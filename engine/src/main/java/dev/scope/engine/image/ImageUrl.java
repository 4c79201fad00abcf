package dev.scope.engine.image;

import dev.scope.engine.limits.Limit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches an image from an http(s) URL and decodes it with {@link ImageDecoder}. The body is capped at
 * {@link Limit#IMAGE_BYTES} (a longer one is cut off as it arrives, never buffered whole) and the whole
 * transfer, from connecting to the last byte, at {@link Limit#URL_SECONDS}: a server that trickles one
 * byte at a time is cut off at the deadline too. Every failure is one {@link ImageReadException}.
 *
 * <pre>
 * jshell&gt; BufferedImage cat = ImageUrl.read("https://example.org/cat.jpg");
 * </pre>
 */
public final class ImageUrl {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String ADVICE = "; check the address, or download the image and pass its path.";
    /** One client for the process: each holds a selector thread until it is collected. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private ImageUrl() {
    }

    /** Whether {@code text} is an http or https URL, the kinds this class fetches. */
    public static boolean isUrl(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("http://") || t.startsWith("https://");
    }

    /** The image at {@code url}, within the limits. */
    public static BufferedImage read(String url) throws ImageReadException {
        return ImageDecoder.read(fetch(url), url);
    }

    /**
     * The body of a 200 response from {@code url}, within the limits.
     *
     * @throws CancellationException when the thread is interrupted while waiting (the interrupt is kept)
     */
    public static byte[] fetch(String url) throws ImageReadException {
        URI uri = parse(url);
        long maxBytes = Limit.IMAGE_BYTES.value();
        long seconds = Limit.URL_SECONDS.value();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(seconds)).GET().build();
        } catch (IllegalArgumentException e) {
            throw new ImageReadException("'" + url + "' is not a URL that can be fetched (" + e.getMessage() + ").");
        }
        CompletableFuture<HttpResponse<byte[]>> response = CLIENT.sendAsync(request, info -> new CappedBody(
                info.statusCode() == 200 ? maxBytes : 0, info.headers().firstValueAsLong("content-length").orElse(-1)));
        try {
            HttpResponse<byte[]> r = response.get(seconds, TimeUnit.SECONDS);
            if (r.statusCode() != 200) {
                throw new ImageReadException("Fetching " + url + " gave HTTP " + r.statusCode() + ADVICE);
            }
            return r.body();
        } catch (TimeoutException e) {
            throw new ImageReadException("Fetching " + url + " "
                    + Limit.URL_SECONDS.exceeded("did not finish within").getMessage() + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while fetching " + url + ".");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof BodyTooLarge tooLarge) {
                    throw new ImageReadException("The URL " + url + " " + tooLarge.getMessage() + ".");
                }
                if (c instanceof java.net.http.HttpTimeoutException) {
                    throw new ImageReadException("Fetching " + url + " "
                            + Limit.URL_SECONDS.exceeded("did not finish within").getMessage() + ".");
                }
            }
            throw new ImageReadException("Could not fetch " + url + " (" + describe(cause) + "); check the address"
                    + " and the network, or download the image and pass its path.", cause);
        } finally {
            response.cancel(true); // a no-op once done; otherwise it stops the transfer
        }
    }

    private static URI parse(String url) throws ImageReadException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ImageReadException("'" + url + "' is not a valid URL (" + e.getReason() + "); check the address.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ImageReadException("'" + url + "' is not an http or https URL; only those are fetched,"
                    + " so pass a file path for anything else.");
        }
        if (uri.getHost() == null) {
            throw new ImageReadException("'" + url + "' names no host; check the address.");
        }
        return uri;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** A body longer than the cap; its message is the tail of a sentence about the URL. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge(String message) {
            super(message);
        }
    }

    /**
     * Collects a body up to {@code cap} bytes, asking for one chunk at a time, and cancels the transfer
     * the moment more arrive (or a Content-Length says more will). A cap of 0 drops the body of an error
     * response at once.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(long cap, long declared) {
            this.cap = cap;
            this.declared = declared;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cap == 0) {
                s.cancel();
                body.complete(new byte[0]);
            } else if (declared > cap) {
                refuse(Limit.IMAGE_BYTES.exceeded("announces a body of " + String.format(Locale.ROOT, "%,d", declared)
                        + " bytes, over").getMessage());
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> chunk) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : chunk) {
                if (bytes.size() + (long) b.remaining() > cap) {
                    refuse(Limit.IMAGE_BYTES.exceeded("sent a body larger than").getMessage());
                    return;
                }
                byte[] part = new byte[b.remaining()];
                b.get(part);
                bytes.writeBytes(part);
            }
            subscription.request(1);
        }

        private void refuse(String why) {
            subscription.cancel();
            body.completeExceptionally(new BodyTooLarge(why));
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
