package dev.scope.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the reference fixtures copied into the repo (see fixtures/README.md): tiny CLIP, tiny SAEs at
 * layers 2 and 5, five images and the reference numbers. Shared with the other modules' tests through
 * the engine's test jar.
 */
public final class Fixtures {
    /**
     * The one parity tolerance of every parity test: the largest difference allowed between a value of
     * ours and the reference's; for a figure summed over many values (the card's metrics), relative to it.
     */
    public static final float PARITY = 1e-4f;
    /**
     * Not a parity tolerance: how closely figures over the fixture photos (relative) agree with expected.json,
     * whose pixels came from transformers 5's resize while ours come from PIL's, up to 0.015 apart (fixtures/README.md).
     */
    public static final double RESIZE_PATHS = 1e-3;

    private Fixtures() {
    }

    public static Path root() {
        String prop = System.getProperty("scope.fixtures");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "fixtures");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixtures folder not found at " + p.toAbsolutePath());
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path clip() {
        return root().resolve("tiny-clip");
    }

    public static Path saes() {
        return root().resolve("tiny-scope");
    }

    public static Path images() {
        return root().resolve("images");
    }

    public static Path image(String name) {
        return images().resolve(name + ".png");
    }

    public static Path expected() {
        return root().resolve("expected.safetensors");
    }

    public static Path expectedJson() {
        return root().resolve("expected.json");
    }

    /** Every value of {@code got} within {@link #PARITY} of {@code want}. */
    public static void assertClose(String what, float[] want, float[] got) {
        if (want.length != got.length) {
            throw new AssertionError(what + ": " + want.length + " values expected, " + got.length + " given");
        }
        float max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        if (!(max <= PARITY)) {
            throw new AssertionError(what + " max |Δ| = " + max + ", over the parity tolerance " + PARITY);
        }
    }
}
