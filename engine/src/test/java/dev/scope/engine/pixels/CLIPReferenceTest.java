package dev.scope.engine.pixels;

import dev.scope.engine.Fixtures;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.io.Safetensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole preprocessing, decode to pixel values, against what transformers produced for the five
 * fixture images (fixtures/README.md): {@code pixel_values} from transformers 5 (torchvision) and
 * {@code pixel_values.pil_manual}, PIL's path as transformers 4 ran it.
 */
class CLIPReferenceTest {
    /** Batch order of expected.safetensors (expected.json "images"). */
    static final List<String> IMAGES = List.of("black", "astronaut", "chelsea", "coffee", "gradient");

    static Preprocessor preprocessor;
    static PixelBatch ours;
    static float[] torchvision;
    static float[] pilManual;

    @BeforeAll
    static void run() throws IOException {
        preprocessor = new Preprocessor(PreprocessorConfig.read(Fixtures.clip().resolve("preprocessor_config.json")));
        List<BufferedImage> images = new ArrayList<>();
        for (String name : IMAGES) {
            images.add(ImageDecoder.read(Fixtures.image(name)));
        }
        ours = preprocessor.applyAll(images);
        Safetensors expected = Safetensors.open(Fixtures.expected());
        torchvision = expected.tensor("pixel_values").toFloats();
        pilManual = expected.tensor("pixel_values.pil_manual").toFloats();
    }

    /** max and mean |ours - reference| over one image of the batch. */
    static double[] diff(float[] reference, int image) {
        int per = 3 * ours.height() * ours.width();
        double max = 0;
        double sum = 0;
        for (int i = image * per; i < (image + 1) * per; i++) {
            double d = Math.abs(ours.data()[i] - reference[i]);
            max = Math.max(max, d);
            sum += d;
        }
        return new double[] {max, sum / per};
    }

    @Test
    void hasTheShapeOfTheReferenceBatch() {
        assertArrayEquals(new long[] {5, 3, 224, 224}, ours.shape());
        assertEquals(torchvision.length, ours.data().length);
    }

    @Test
    void matchesTransformers5WithinTheIssueTolerance() {
        for (int i = 0; i < IMAGES.size(); i++) {
            double[] d = diff(torchvision, i);
            System.out.printf("pixel_values            %-9s max|Δ| %.6f  mean|Δ| %.7f%n", IMAGES.get(i), d[0], d[1]);
            assertTrue(d[0] <= 0.03, IMAGES.get(i) + ": max |Δ| " + d[0]);
            assertTrue(d[1] <= 0.002, IMAGES.get(i) + ": mean |Δ| " + d[1]);
        }
    }

    @Test
    void equalsPilManualBitForBit() {
        for (int i = 0; i < IMAGES.size(); i++) {
            double[] d = diff(pilManual, i);
            System.out.printf("pixel_values.pil_manual %-9s max|Δ| %.6f  mean|Δ| %.7f%n", IMAGES.get(i), d[0], d[1]);
            assertEquals(0.0, d[0], IMAGES.get(i) + " differs from PIL's path");
        }
    }

    @Test
    void resizesTheNonSquareGradientShortSideFirstThenCropsItsMiddle() throws IOException {
        BufferedImage gradient = ImageDecoder.read(Fixtures.image("gradient"));
        assertEquals(333, gradient.getWidth());
        assertEquals(187, gradient.getHeight());
        // short side 187 -> 224, long side int(224 * 333 / 187) = int(398.89) = 398
        assertEquals(new PixelSize(224, 398), preprocessor.config().size().outputFor(333, 187));
        PixelValues alone = preprocessor.apply(gradient);
        int g = IMAGES.indexOf("gradient");
        int per = 3 * 224 * 224;
        for (int i = 0; i < per; i++) {
            assertEquals(pilManual[g * per + i], alone.data()[i], "value " + i);
        }
        assertTrue(diff(torchvision, g)[0] <= 0.03);
    }
}
