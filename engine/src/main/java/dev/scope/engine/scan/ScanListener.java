package dev.scope.engine.scan;

import dev.scope.engine.image.ImageSource;

import java.io.IOException;

/**
 * Told what a scan ({@link dev.scope.engine.Scope#scan}) makes of each image, on the scanning thread, in
 * the order of the images. Each {@link ScannedImage} is the listener's to keep or drop: the scan holds
 * none after handing it over. Throwing from any method (a {@code CancellationException} from a
 * progress bar, say) stops the scan there.
 *
 * <pre>
 * jshell&gt; scope.scan(ImageSource.list("photos/"), List.of(22), image -&gt;
 *    ...&gt;     System.out.println(image.name() + " " + image.layer(22).topLatents(0, 1)));
 * </pre>
 */
@FunctionalInterface
public interface ScanListener {

    /** Hears nothing. */
    ScanListener NONE = image -> { };

    /** Tells {@code first}, then {@code second}, everything. */
    static ScanListener both(ScanListener first, ScanListener second) {
        return new ScanListener() {
            @Override
            public void onImage(ScannedImage image) throws IOException {
                first.onImage(image);
                second.onImage(image);
            }

            @Override
            public void onSkipped(int index, ImageSource image, String reason) {
                first.onSkipped(index, image, reason);
                second.onSkipped(index, image, reason);
            }

            @Override
            public void onProgress(int done, int total) {
                first.onProgress(done, total);
                second.onProgress(done, total);
            }
        };
    }

    /** One image's result at every layer scanned. */
    void onImage(ScannedImage image) throws IOException;

    /** Input {@code index} could not be read as an image; {@code reason} says why in one line. */
    default void onSkipped(int index, ImageSource image, String reason) {
    }

    /** {@code done} of the {@code total} inputs are handled (scanned or skipped). */
    default void onProgress(int done, int total) {
    }
}
