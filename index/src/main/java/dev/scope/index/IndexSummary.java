package dev.scope.index;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What one indexing run did.
 *
 * @param inputs   images given
 * @param already  already in the index with the same file (size and modification time) and run: not read again
 * @param indexed  images run through the scope and stored by this run
 * @param skipped  inputs that could not be read as images, each stored with its reason
 * @param seconds  wall time of the scan
 */
public record IndexSummary(Path db, IndexRun run, int inputs, int already, int indexed, int skipped, double seconds) {

    public double rate() {
        return seconds > 0 ? (indexed + skipped) / seconds : 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Indexed %,d images into %s (%,d were there already, %,d skipped as unreadable)"
                + " in %s, %.1f images/s; %s.", indexed, db, already, skipped, IndexProgress.clock(seconds), rate(),
                run.describe());
    }
}
