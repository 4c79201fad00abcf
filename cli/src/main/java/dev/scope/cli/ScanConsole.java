package dev.scope.cli;

import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.ScannedImage;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

/** A scan's progress as a line at each tenth of the inputs ({@code   stage  40%  2 of 5 files}), and each skipped file once. */
final class ScanConsole implements ScanListener {
    private final PrintStream err;
    private final String stage;
    private final Set<String> skipped;
    private int shownTenths = -1;

    /** {@code skipped} collects the names of files that are not images, each told once over several scans. */
    ScanConsole(PrintStream err, String stage, Set<String> skipped) {
        this.err = err;
        this.stage = stage;
        this.skipped = skipped;
    }

    @Override
    public void onImage(ScannedImage image) {
    }

    @Override
    public void onSkipped(int index, ImageSource image, String reason) {
        if (skipped.add(image.name())) {
            err.println("  skipped " + image.name() + ": " + reason);
        }
    }

    @Override
    public void onProgress(int done, int total) {
        int tenths = total == 0 ? 10 : 10 * done / total;
        if (tenths > shownTenths) {
            shownTenths = tenths;
            err.printf(Locale.ROOT, "  %s %3d%%  %d of %d files%n", stage, tenths * 10, done, total);
        }
    }
}
