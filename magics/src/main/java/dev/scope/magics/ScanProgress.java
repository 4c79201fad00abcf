package dev.scope.magics;

import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.ScannedImage;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.Progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan drawn as a progress bar (each update a cancellation checkpoint), each image handed on to the engine's
 * consumer ({@code MetricsAccumulator}, {@code TopImages}), and the skipped files named for the cell's text.
 */
final class ScanProgress implements ScanListener, AutoCloseable {

    private final Progress bar;
    private final ScanListener consumer;
    private final List<String> skipped = new ArrayList<>();

    ScanProgress(String label, int total, ScanListener consumer) {
        this.bar = Progress.start(label, total);
        this.consumer = consumer;
    }

    @Override
    public void onImage(ScannedImage image) throws IOException {
        consumer.onImage(image);
    }

    @Override
    public void onSkipped(int index, ImageSource image, String reason) {
        skipped.add(image.name());
        consumer.onSkipped(index, image, reason);
    }

    @Override
    public void onProgress(int done, int total) {
        bar.update(done);
    }

    /** "; skipped 2 files that are not images: a.txt, b.csv", or "" when none were skipped. */
    String skippedNote() {
        if (skipped.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                + (skipped.size() > 5 ? ", …" : "");
        return "; skipped " + skipped.size() + (skipped.size() == 1 ? " file that is not an image: "
                : " files that are not images: ") + shown;
    }

    /** The one-line error for a scan of {@code given} ({@code inputs} files) that found no image. */
    static MagicException noImages(String given, int inputs) {
        return new MagicException(inputs == 0 ? "The folder " + given + " has no files; put images (PNG or JPEG) in it,"
                + " or pass another folder." : "None of the " + inputs + " files in " + given + " is an image; pass PNG"
                + " or JPEG files.");
    }

    @Override
    public void close() {
        bar.close();
    }
}
