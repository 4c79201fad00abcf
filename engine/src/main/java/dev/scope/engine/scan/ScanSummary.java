package dev.scope.engine.scan;

/**
 * How a scan went.
 *
 * @param inputs  the images given
 * @param scanned images run through the scope
 * @param cached  images answered from a {@link LatentCache}
 * @param skipped inputs that could not be read as images
 */
public record ScanSummary(int inputs, int scanned, int cached, int skipped) {

    /** The images that gave a result, scanned or cached. */
    public int images() {
        return scanned + cached;
    }
}
