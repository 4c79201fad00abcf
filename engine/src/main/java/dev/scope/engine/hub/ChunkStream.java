package dev.scope.engine.hub;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body handed over chunk by chunk, with backpressure. Unlike the JDK's InputStream body
 * (which on Java 17 ignores interrupts while it waits), {@link #next} waits in an interruptible,
 * time-limited poll, so a download can be cancelled or declared stalled at any moment.
 */
final class ChunkStream implements HttpResponse.BodySubscriber<ChunkStream> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<ChunkStream> body = CompletableFuture.completedFuture(this);
    private volatile Flow.Subscription subscription;

    @Override
    public CompletionStage<ChunkStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /**
     * The next buffers of the body, or null once it is complete.
     *
     * @throws InterruptedException when the thread is interrupted while waiting (the flag is then cleared)
     * @throws IOException          when the connection failed, or nothing arrived within {@code stallTimeout}
     */
    @SuppressWarnings("unchecked")
    List<ByteBuffer> next(Duration stallTimeout) throws IOException, InterruptedException {
        Object item = queue.poll(stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            cancel();
            throw new HttpTimeoutException("no data arrived for " + stallTimeout.toSeconds() + " s");
        }
        if (item == END) {
            queue.add(END);
            return null;
        }
        if (item instanceof Throwable) {
            Throwable t = (Throwable) item;
            throw t instanceof IOException ? (IOException) t : new IOException(t.getMessage(), t);
        }
        subscription.request(1);
        return (List<ByteBuffer>) item;
    }

    /** Stops the transfer and lets the client drop the connection. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
