package dev.scope.engine.hub;

/**
 * A network link for the fake hub: {@code linkRate} bytes per second shared by every transfer (first come,
 * first served), at most {@code connectionRate} per connection, and a wait before each answer's first byte.
 * Off until {@link #set} gives it rates.
 */
final class ThrottledLink {
    private volatile long linkRate;
    private volatile long connectionRate;
    private volatile long firstByteMillis;
    /** Time a late sleeper may make up for, so an oversleeping scheduler does not slow the link below its rate. */
    private static final long CATCH_UP_NANOS = 50_000_000L;
    private long linkFreeAt; // nanoTime when the link has sent all it was given

    void set(long linkBytesPerSecond, long connectionBytesPerSecond, long firstByteWaitMillis) {
        linkRate = linkBytesPerSecond;
        connectionRate = connectionBytesPerSecond;
        firstByteMillis = firstByteWaitMillis;
    }

    /** A connection over this link, or null when the link is not throttled. */
    Connection open() {
        return linkRate <= 0 ? null : new Connection();
    }

    private synchronized long reserve(int bytes, long now) {
        linkFreeAt = Math.max(linkFreeAt, now - CATCH_UP_NANOS) + bytes * 1_000_000_000L / linkRate;
        return linkFreeAt;
    }

    final class Connection {
        private long freeAt = System.nanoTime();

        /** Waits the round trip before an answer; false when interrupted. */
        boolean firstByte() {
            return sleepUntil(System.nanoTime() + firstByteMillis * 1_000_000L);
        }

        /** Waits until {@code bytes} more may pass both the link and this connection; false when interrupted. */
        boolean pace(int bytes) {
            long now = System.nanoTime();
            long linkDone = reserve(bytes, now);
            freeAt = Math.max(freeAt, now - CATCH_UP_NANOS) + bytes * 1_000_000_000L / connectionRate;
            return sleepUntil(Math.max(linkDone, freeAt));
        }

        private boolean sleepUntil(long nanos) {
            long wait = nanos - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
