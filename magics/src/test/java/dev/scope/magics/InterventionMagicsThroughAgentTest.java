package dev.scope.magics;

import dev.scope.kernel.session.CellError;
import dev.scope.kernel.session.SessionOptions;
import dev.scope.kernel.testkit.CellResult;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** labels, ablate, clamp, steer and explain in a real session: values reach cells, views arrive as PNGs, errors are one line. */
class InterventionMagicsThroughAgentTest {

    static KernelTestKit kit;

    @BeforeAll
    static void start() {
        SessionOptions base = SessionOptions.fromEnvironment();
        kit = KernelTestKit.start(new SessionOptions(base.classpath(), ScopeMagicThroughAgentTest.agentOptions(),
                base.outputLimitBytes(), Duration.ofSeconds(120), base.interruptGrace()));
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void everyNewSubcommandOnTheDemoScope() {
        kit.execOk("%scope load --demo");
        kit.execOk("%scope forward black");
        CellResult labels = kit.execOk("var lab = %scope labels \"a photo of a cat.\" \"a photo of a dog.\"");
        assertEquals(1, ScopeMagicThroughAgentTest.pngs(labels));
        assertTrue(labels.stdout().startsWith("black: \""), labels.stdout());
        assertEquals("2", kit.execText("lab.prompts().size()"));
        assertEquals("1000", kit.execText("var all = %scope labels --top 5\nall.prompts().size()"));

        CellResult ablate = kit.execOk("var ab = %scope ablate 1,2 --layer 2 --token cls --labels \"a cat\",\"a dog\"");
        assertEquals(2, ScopeMagicThroughAgentTest.pngs(ablate), "the labels, and the CLS latents at layer 5");
        assertTrue(ablate.stdout().contains("image embedding cosine to the clean run:"), ablate.stdout());
        assertEquals("[2, 5]", kit.execText("ab.layers()"));

        assertTrue(kit.execOk("%scope clamp 7 0 --token 3,4 --labels \"a cat\",\"a dog\"").stdout().contains("clamp latent 7"));
        assertTrue(kit.execText("var st = %scope steer 7 --by 0 --labels \"a cat\",\"a dog\"\nst.cosine(0)").startsWith("1.0"));

        CellResult explain = kit.execOk("var ex = %scope explain 7 --layer 5");
        assertEquals(1, ScopeMagicThroughAgentTest.pngs(explain));
        assertTrue(explain.stdout().contains("Method: Each image runs through CLIP twice"), explain.stdout());
        assertEquals("1000", kit.execText("ex.prompts().size()"));
    }

    @Test
    void badInputIsOneLineAndTheSessionGoesOn() {
        kit.execOk("%scope load --clip " + Fixtures.clip() + " --saes " + Fixtures.saes() + " --layers 2,5");
        kit.execOk("%scope forward " + Fixtures.image("chelsea"));
        assertError("%scope ablate 9999 --labels \"a cat\"", "Latent 9999 does not exist; the SAE at layer 5");
        assertError("%scope steer 3 --by 1 --layer 4", "Layer 4 is not in the last forward result");
        assertError("%scope labels --file /nonexistent.txt", "There is no prompt file /nonexistent.txt");
        assertError("%scope clamp 3", "%scope clamp takes a latent id and a value");
        CellResult cut = kit.execOk("%scope labels \"" + "cat ".repeat(90) + "\" \"a dog\"");
        assertTrue(cut.stdout().startsWith("Prompt 1 (\"cat cat"), cut.stdout());
        assertEquals("6", kit.execText("1 + 5"));
    }

    private static void assertError(String cell, String start) {
        CellError error = kit.execError(cell);
        assertEquals("MagicError", error.name(), error.toString());
        assertTrue(error.message().startsWith(start), error.message());
        assertFalse(error.message().contains("\n"), error.message());
        assertEquals(List.of(error.message()), error.traceback());
    }
}
