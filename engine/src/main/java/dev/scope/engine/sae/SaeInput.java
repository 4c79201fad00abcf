package dev.scope.engine.sae;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How the residual stream is put to an SAE, the one option everywhere an SAE runs ({@code Scope.forward},
 * {@code Scope.scan}, metrics, the cost, the CLI, the index):
 * <ul>
 *   <li>{@link Mode#RAW}: as it is, as clipscope runs the scope (the default);</li>
 *   <li>{@link Mode#BATCH}: standardised per dimension with the mean and standard deviation over all tokens of
 *       the current batch of images, as the scope was trained: a batch is {@link ModelCard#BATCH_IMAGES} images
 *       (the card's 32,896 tokens), or all the images when there are fewer;</li>
 *   <li>{@link Mode#DATASET}: standardised with statistics estimated once over a folder or an index and
 *       stored with it ({@link InputStats}), so that one image can be standardised too.</li>
 * </ul>
 * In the standardised modes the SAE's latents and reconstruction live in the standardised space, and the
 * metrics compare there; {@link LayerStats#destandardise} maps a reconstruction back.
 *
 * <pre>
 * jshell&gt; scope.scan(images, scope.layers(), SaeInput.BATCH, metrics)
 * jshell&gt; SaeInput.dataset(InputStats.read(Path.of("photos/.scope-input-stats.safetensors")))
 * </pre>
 */
public record SaeInput(Mode mode, InputStats stats) {

    /** The modes, named as the {@code --standardise} flag names them. */
    public enum Mode {
        RAW, BATCH, DATASET;

        public String flag() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String text) {
            String t = text == null ? "" : text.strip();
            return Arrays.stream(values()).filter(m -> m.flag().equalsIgnoreCase(t)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--standardise takes "
                            + Arrays.stream(values()).map(Mode::flag).collect(Collectors.joining(", ")) + ", not '" + t
                            + "'."));
        }
    }

    public static final SaeInput RAW = new SaeInput(Mode.RAW, null);
    public static final SaeInput BATCH = new SaeInput(Mode.BATCH, null);

    public SaeInput {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.DATASET) != (stats != null)) {
            throw new IllegalArgumentException(mode == Mode.DATASET
                    ? "The dataset mode needs the dataset's statistics; estimate them with Scope.inputStats."
                    : "Only the dataset mode takes stored statistics.");
        }
    }

    /** Standardised with stored statistics. */
    public static SaeInput dataset(InputStats stats) {
        return new SaeInput(Mode.DATASET, stats);
    }

    /** Whether the SAE sees standardised inputs. */
    public boolean standardises() {
        return mode != Mode.RAW;
    }

    /** One line for every view of figures measured in this mode. */
    public String describe() {
        return switch (mode) {
            case RAW -> "raw: the residual stream as it is, as clipscope runs the scope";
            case BATCH -> "batch: standardised per dimension over each batch of up to " + ModelCard.BATCH_IMAGES
                    + " images, as in training; figures in that space";
            case DATASET -> "dataset: standardised per dimension with " + stats.describe() + "; figures in that space";
        };
    }

    @Override
    public String toString() {
        return "SaeInput(" + mode.flag() + ")";
    }
}
