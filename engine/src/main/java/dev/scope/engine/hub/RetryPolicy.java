package dev.scope.engine.hub;

import java.time.Duration;

/**
 * How downloads ride out a flaky network. After a failure (a connection cut or refused, nothing received for
 * the stall timeout, a 408, 429 or 5xx answer) the transfer waits and resumes with {@code Range} where it
 * stopped, up to {@code retries} times in a row without a new byte; an attempt that brings new bytes resets
 * the count, so a transfer that keeps advancing survives any number of cuts. Waits start at {@code firstWait}
 * and double up to {@code maxWait}; a server's {@code Retry-After} is honoured up to {@link #MAX_RETRY_AFTER}.
 * The defaults are huggingface_hub's: 5 retries, waits of 1, 2, 4, 8, 8 s.
 *
 * @param retries   attempts after a failure that made no progress before giving up ({@code SCOPE_HUB_RETRIES})
 * @param firstWait the wait before the first retry
 * @param maxWait   the longest wait between two attempts
 */
public record RetryPolicy(int retries, Duration firstWait, Duration maxWait) {
    public static final int DEFAULT_RETRIES = 5;
    public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_RETRIES, Duration.ofSeconds(1),
            Duration.ofSeconds(8));
    /** The longest {@code Retry-After} obeyed; a server asking for more gets this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    public RetryPolicy {
        if (retries < 0 || firstWait.isNegative() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("retries " + retries + " must be >= 0 and 0 <= firstWait " + firstWait
                    + " <= maxWait " + maxWait);
        }
    }

    public RetryPolicy withRetries(int count) {
        return new RetryPolicy(count, firstWait, maxWait);
    }

    /** The wait before retry number {@code failuresInARow} (1-based); a server's Retry-After, when given, wins. */
    Duration waitBefore(int failuresInARow, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        Duration wait = firstWait;
        for (int i = 1; i < failuresInARow && wait.compareTo(maxWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
