package dev.scope.engine.pixels;

import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PreprocessorConfigTest {

    static final String NEW_FORM = """
            {
              "crop_size": {"height": 224, "width": 224},
              "do_center_crop": true,
              "do_convert_rgb": true,
              "do_normalize": true,
              "do_rescale": true,
              "do_resize": true,
              "image_mean": [0.48145466, 0.4578275, 0.40821073],
              "image_processor_type": "CLIPImageProcessor",
              "image_std": [0.26862954, 0.26130258, 0.27577711],
              "resample": 3,
              "rescale_factor": 0.00392156862745098,
              "size": {"shortest_edge": 224}
            }""";

    @Test
    void readsTheFlatFixtureConfig() throws IOException {
        PreprocessorConfig c = PreprocessorConfig.read(Fixtures.clip().resolve("preprocessor_config.json"));
        assertEquals(new ResizeTarget.ShortestEdge(224), c.size());
        assertEquals(new PixelSize(224, 224), c.cropSize());
        assertEquals(Resample.BICUBIC, c.resample());
        assertEquals(0.48145466f, c.imageMean().red());
        assertEquals(0.27577711f, c.imageStd().blue());
        assertTrue(c.doResize() && c.doCenterCrop() && c.doNormalize());
    }

    @Test
    void readsTheNewNestedFormToTheSameSettings() throws IOException {
        PreprocessorConfig nested = PreprocessorConfig.parse(NEW_FORM, "new.json");
        PreprocessorConfig flat = PreprocessorConfig.read(Fixtures.clip().resolve("preprocessor_config.json"));
        assertEquals(flat, nested);
        assertEquals(1 / 255.0, nested.rescaleFactor());
    }

    @Test
    void missingKeysTakeCLIPImageProcessorDefaults() throws IOException {
        PreprocessorConfig empty = PreprocessorConfig.parse("{}", "empty.json");
        assertEquals(PreprocessorConfig.CLIP, empty);
        PreprocessorConfig partial = PreprocessorConfig.parse("{\"size\": 336, \"crop_size\": 336}", "partial.json");
        assertEquals(new ResizeTarget.ShortestEdge(336), partial.size());
        assertEquals(PixelSize.square(336), partial.cropSize());
        assertEquals(PreprocessorConfig.CLIP.imageMean(), partial.imageMean());
    }

    @Test
    void readsExactSizesRectangularCropsAndOtherFilters() throws IOException {
        PreprocessorConfig c = PreprocessorConfig.parse("""
                {"size": {"height": 100, "width": 150}, "crop_size": {"height": 64, "width": 96},
                 "resample": 2, "image_mean": 0.5, "image_std": [0.5, 0.25, 0.125], "do_center_crop": false}
                """, "other.json");
        assertEquals(new ResizeTarget.Exact(new PixelSize(100, 150)), c.size());
        assertEquals(new PixelSize(64, 96), c.cropSize());
        assertEquals(Resample.BILINEAR, c.resample());
        assertEquals(new PerChannel(0.5f, 0.5f, 0.5f), c.imageMean());
        assertEquals(new PerChannel(0.5f, 0.25f, 0.125f), c.imageStd());
        assertFalse(c.doCenterCrop());
    }

    @Test
    void rejectsMalformedValuesWithOneSentenceNamingTheKey() {
        String[][] cases = {
                {"{\"size\": \"big\"}", "\"size\""},
                {"{\"size\": {\"longest_edge\": 3}}", "\"size\""},
                {"{\"crop_size\": 0}", "\"crop_size\""},
                {"{\"resample\": 9}", "\"resample\""},
                {"{\"image_mean\": [0.5, 0.5]}", "\"image_mean\""},
                {"{\"image_std\": [0.5, 0, 0.5]}", "\"image_std\""},
                {"{\"do_resize\": \"yes\"}", "\"do_resize\""},
                {"{\"rescale_factor\": \"1/255\"}", "\"rescale_factor\""},
        };
        for (String[] c : cases) {
            PreprocessorConfigException e = assertThrows(PreprocessorConfigException.class,
                    () -> PreprocessorConfig.parse(c[0], "bad.json"), c[0]);
            assertTrue(e.getMessage().startsWith("The preprocessor config bad.json has " + c[1]), e.getMessage());
            assertEquals(1, e.getMessage().split("\\. ").length, "one sentence: " + e.getMessage());
        }
    }

    @Test
    void rejectsFilesThatAreMissingOrNotJson(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.json");
        var e = assertThrows(PreprocessorConfigException.class, () -> PreprocessorConfig.read(missing));
        assertTrue(e.getMessage().contains("nope.json") && e.getMessage().contains("does not exist"), e.getMessage());
        Path notJson = java.nio.file.Files.writeString(dir.resolve("notes.json"), "size = 224");
        e = assertThrows(PreprocessorConfigException.class, () -> PreprocessorConfig.read(notJson));
        assertTrue(e.getMessage().contains("notes.json") && e.getMessage().contains("not valid JSON"), e.getMessage());
        Path array = java.nio.file.Files.writeString(dir.resolve("list.json"), "[224]");
        e = assertThrows(PreprocessorConfigException.class, () -> PreprocessorConfig.read(array));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }

    @Test
    void shortestEdgeTruncatesTheLongSideAsTransformersDoes() {
        ResizeTarget t = new ResizeTarget.ShortestEdge(224);
        assertEquals(new PixelSize(224, 336), t.outputFor(451, 300));   // 336.75 -> 336
        assertEquals(new PixelSize(336, 224), t.outputFor(300, 451));   // portrait
        assertEquals(new PixelSize(224, 224), t.outputFor(512, 512));
        assertEquals(new PixelSize(224, 224), t.outputFor(100, 100));   // enlarges too
        assertEquals(new PixelSize(224, 398), t.outputFor(333, 187));   // 398.89 -> 398
        assertEquals(new PixelSize(224, 448), t.outputFor(1000, 500));
    }
}
