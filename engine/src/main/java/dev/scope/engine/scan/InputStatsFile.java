package dev.scope.engine.scan;

import dev.scope.engine.Scope;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.sae.InputStats;
import dev.scope.engine.sae.SaeInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@link SaeInput.Mode#DATASET}'s statistics come from, the same for the magics, the CLI and the notebooks: a
 * statistics file that fits the scope (its CLIP and every layer with an SAE) is read; a missing one is estimated
 * over the images and written; a file that does not fit is estimated again when it is the default one beside a
 * folder ({@link InputStats#besideFolder}), and refused when it was named.
 *
 * <pre>
 * jshell&gt; var chosen = InputStatsFile.resolve(scope, SaeInput.Mode.DATASET, InputStats.besideFolder(dir), false,
 *    ...&gt;     ImageSource.folder(dir), dir.toString(), ScanListener.NONE);
 * jshell&gt; chosen.input()      // SaeInput.dataset(the folder's statistics)
 * </pre>
 */
public final class InputStatsFile {

    /** The mode with its statistics, and one line saying where they came from ("" when nothing was done). */
    public record Chosen(SaeInput input, String note) {
    }

    private InputStatsFile() {
    }

    /**
     * {@code mode} made usable: raw and batch as they are; dataset with the statistics of {@code file}, estimated over
     * {@code images} (named {@code source}) when needed. {@code named} says the user gave the file.
     */
    public static Chosen resolve(Scope scope, SaeInput.Mode mode, Path file, boolean named, List<ImageSource> images,
                                 String source, ScanListener listener) throws IOException {
        if (mode == SaeInput.Mode.RAW) {
            return new Chosen(SaeInput.RAW, "");
        }
        if (mode == SaeInput.Mode.BATCH) {
            return new Chosen(SaeInput.BATCH, "");
        }
        if (file == null) {
            throw new IllegalArgumentException("Dataset standardisation needs statistics: name a file with --stats FILE,"
                    + " or measure a folder (--images DIR) to estimate them over it.");
        }
        String stale = "";
        if (Files.exists(file)) {
            InputStats stored = InputStats.read(file);
            if (stored.covers(scope.layers(), scope.clipName())) {
                return new Chosen(SaeInput.dataset(stored), "Input statistics: " + stored.describe() + ", read from "
                        + file + ".");
            }
            if (named) {
                throw new IllegalArgumentException("The input statistics in " + file + " are of CLIP " + stored.clip()
                        + " at layers " + stored.layers().keySet() + ", not of this scope (CLIP " + scope.clipName()
                        + ", layers " + scope.layers() + "); pass another --stats file, or delete this one to estimate"
                        + " them again.");
            }
            stale = " (the file held statistics of another CLIP or other layers)";
        }
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("There are no input statistics at " + file + "; give the images to"
                    + " estimate them over with --images DIR.");
        }
        InputStats estimated = scope.inputStats(images, listener, source);
        try {
            estimated = estimated.write(file);
        } catch (IOException e) {
            throw new IOException("The input statistics could not be written to " + file + " (" + e + "); name a"
                    + " writable file with --stats FILE.", e);
        }
        return new Chosen(SaeInput.dataset(estimated), "Estimated input statistics over " + estimated.images()
                + (estimated.images() == 1 ? " image" : " images") + " and stored them in " + file + stale + ".");
    }
}
