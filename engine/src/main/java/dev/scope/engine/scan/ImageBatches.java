package dev.scope.engine.scan;

import dev.scope.engine.image.ImageReadException;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.pixels.PreparedImage;
import dev.scope.engine.pixels.Preprocessor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Reads and prepares a scan's images on a reader thread while the scanning thread runs the model: at
 * most {@code readAhead} batches wait in a bounded queue, so memory stays bounded and decoding overlaps
 * the forward pass. A batch closes at {@code batchSize} images, or once as many inputs were skipped,
 * so that progress keeps flowing through folders of non-images. Closing stops the reader.
 */
final class ImageBatches implements AutoCloseable {

    /** One input: prepared (with the SHA-256 of the bytes it was decoded from, if any), or skipped with its reason. */
    record Item(int index, ImageSource source, PreparedImage prepared, String sha256, String skipped) {
    }

    /** The items of one batch, in input order. */
    record Batch(List<Item> items) {
        List<Item> prepared() {
            return items.stream().filter(i -> i.prepared() != null).toList();
        }
    }

    private static final Object END = new Object();
    private static final long OFFER_MILLIS = 100;

    private final List<ImageSource> sources;
    private final Preprocessor preprocessor;
    private final int batchSize;
    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closed;

    ImageBatches(List<ImageSource> sources, Preprocessor preprocessor, int batchSize, int readAhead) {
        this.sources = List.copyOf(sources);
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(readAhead);
        this.reader = new Thread(this::read, "scope-scan-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next batch, waiting for the reader; null after the last. */
    Batch next() {
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting for images to be read.");
        }
        if (next == END) {
            queue.offer(END); // later calls see the end too
            return null;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return (Batch) next;
    }

    private void read() {
        try {
            List<Item> items = new ArrayList<>();
            int prepared = 0;
            int skipped = 0;
            for (int i = 0; i < sources.size() && !closed; i++) {
                Item item = prepare(i, sources.get(i));
                items.add(item);
                if (item.prepared() != null) {
                    prepared++;
                } else {
                    skipped++;
                }
                if (prepared == batchSize || skipped == batchSize) {
                    hand(new Batch(List.copyOf(items)));
                    items.clear();
                    prepared = 0;
                    skipped = 0;
                }
            }
            if (!items.isEmpty()) {
                hand(new Batch(List.copyOf(items)));
            }
            hand(END);
        } catch (Closed e) {
            // the scan ended early; nothing waits for more
        } catch (RuntimeException | Error e) {
            try {
                hand(e);
            } catch (Closed ignored) {
                // the scan ended meanwhile
            }
        }
    }

    private Item prepare(int index, ImageSource source) {
        try {
            ImageSource.Read read = source.readAndHash();
            return new Item(index, source, preprocessor.prepare(read.image()), read.sha256(), null);
        } catch (ImageReadException e) {
            return new Item(index, source, null, null, e.getMessage());
        }
    }

    private void hand(Object next) {
        try {
            while (!queue.offer(next, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new Closed();
                }
            }
        } catch (InterruptedException e) {
            throw new Closed();
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
    }

    private static final class Closed extends RuntimeException {
        Closed() {
            super(null, null, false, false);
        }
    }
}
