package dev.scope.magics;

import dev.scope.engine.Scope;
import dev.scope.engine.ScopeResult;
import dev.scope.engine.intervene.Explanation;
import dev.scope.engine.intervene.Intervention;
import dev.scope.engine.intervene.InterventionResult;
import dev.scope.engine.intervene.TokenSet;
import dev.scope.engine.sae.LatentActivation;
import dev.scope.engine.text.Labels;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.DemoMark;
import dev.scope.views.LabelBars;
import dev.scope.views.LatentShiftChart;
import dev.scope.views.PromptShiftChart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** labels, ablate, clamp, steer and explain on the fixture scope, in process: each magic's value against the engine. */
class InterventionCommandsTest {

    static final MagicContext NO_VARIABLES = name -> Optional.empty();
    static final List<String> PROMPTS = List.of("a photo of a cat.", "a photo of a dog.", "a photo of a school bus.");
    static ScopeSession session;
    static ScopeMagics magics;
    static ScopeResult forward;
    static Scope scope;

    @BeforeAll
    static void load() throws Exception {
        session = new ScopeSession();
        magics = new ScopeMagics(session);
        scope = (Scope) run("load", "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(),
                "--layers", "2,5", "--device", "cpu").value();
        forward = (ScopeResult) run("forward", Fixtures.image("gradient").toString()).value();
    }

    @AfterAll
    static void close() {
        session.replaceScope(null);
    }

    static Shown run(String... args) throws Exception {
        return magics.run(List.of(args), NO_VARIABLES);
    }

    @Test
    void labelsAreTheEnginesLabelsOfTheLastForwardImage() throws Exception {
        Shown shown = run("labels", PROMPTS.get(0), PROMPTS.get(1), PROMPTS.get(2));
        Labels labels = (Labels) shown.value();
        assertArrayEquals(scope.labels(forward.pixels(), PROMPTS).get(0).probabilities(), labels.probabilities());
        assertTrue(shown.text().startsWith("gradient.png: \"" + LabelBars.shortLabel(labels.best().prompt()) + "\""),
                shown.text());
        assertEquals(3, shown.view(LabelBars.class).labels().size());
        assertEquals(1000, ((Labels) run("labels", "--top", "5").value()).prompts().size(), "ImageNet by default");
    }

    @Test
    void labelsFromAFileAndALongPromptsNote(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.txt"), "a photo of a cat.\n" + "cat ".repeat(90) + "\n");
        Shown shown = run("labels", "--file", file.toString());
        assertEquals(2, ((Labels) shown.value()).prompts().size());
        assertTrue(shown.text().startsWith("Prompt 2 (\"cat cat"), shown.text());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        assertOneLine(() -> run("labels", "--file", empty.toString()), "The prompt file " + empty);
        assertOneLine(() -> run("labels", "a cat", "--file", file.toString()), "Give the prompts either as arguments or with --file");
    }

    @Test
    void ablateIsTheEnginesInterventionWithItsViews() throws Exception {
        LatentActivation top = forward.layer(2).topLatents(0, 1).get(0);
        Shown shown = run("ablate", String.valueOf(top.latent()), "--layer", "2", "--token", "cls",
                "--labels", "a photo of a cat.,a photo of a dog.,a photo of a school bus.");
        InterventionResult r = (InterventionResult) shown.value();
        InterventionResult engine = scope.intervene(forward.names(), forward.pixels(), PROMPTS,
                List.of(Intervention.ablate(2, top.latent()).on(TokenSet.cls())));
        assertArrayEquals(engine.editedEmbeds().data(), r.editedEmbeds().data());
        assertTrue(r.cosine(0) < 0.9999);
        assertTrue(shown.text().contains(String.format(java.util.Locale.ROOT, "cosine to the clean run: %.4f", r.cosine(0))),
                shown.text());
        assertTrue(shown.text().contains("top label: "), shown.text());
        assertEquals(3, shown.view(LabelBars.class).labels().size());
        assertTrue(shown.view(LatentShiftChart.class).chart().getTitle().startsWith("Layer 5 · CLS"));
    }

    @Test
    void clampToItsOwnValueAndSteerByZeroLeaveTheEmbedding() throws Exception {
        LatentActivation top = forward.layer(5).topLatents(0, 1).get(0);
        Shown clamp = run("clamp", String.valueOf(top.latent()), String.valueOf(top.value()), "--token", "cls",
                "--labels", "a cat,a dog");
        InterventionResult c = (InterventionResult) clamp.value();
        assertArrayEquals(c.cleanEmbeds().data(), c.editedEmbeds().data());
        assertTrue(clamp.text().contains("cosine to the clean run: 1.0000"), clamp.text());
        InterventionResult s = (InterventionResult) run("steer", "3", "--by", "0", "--labels", "a cat,a dog").value();
        assertArrayEquals(s.cleanEmbeds().data(), s.editedEmbeds().data());
        // block 5 is the tiny CLIP's last: only CLS reaches the embedding from there, a patch at block 2 does
        InterventionResult last = (InterventionResult) run("steer", "3", "--by", "25", "--token", "4,5",
                "--labels", "a cat,a dog").value();
        assertArrayEquals(last.cleanEmbeds().data(), last.editedEmbeds().data());
        InterventionResult moved = (InterventionResult) run("steer", "3", "--by", "25", "--token", "4,5", "--layer", "2",
                "--labels", "a cat,a dog").value();
        assertTrue(moved.cosine(0) < 1, "steering one patch at block 2 moves the embedding: " + moved.cosine(0));
    }

    @Test
    void explainRanksThePromptsAndStatesTheMethod(@TempDir Path dir) throws Exception {
        Path prompts = Files.writeString(dir.resolve("words.txt"), String.join("\n", PROMPTS));
        Files.copy(Fixtures.image("chelsea"), dir.resolve("chelsea.png"));
        Files.copy(Fixtures.image("coffee"), dir.resolve("coffee.png"));
        Shown shown = run("explain", "3", "--layer", "5", "--prompts", prompts.toString(), "--images",
                dir.resolve("chelsea.png") + "," + dir.resolve("coffee.png"), "--by", "4");
        Explanation e = (Explanation) shown.value();
        assertEquals(List.of("chelsea.png", "coffee.png"), e.images());
        assertEquals(4f, e.alpha());
        assertTrue(shown.text().contains("Method: " + Explanation.METHOD), shown.text());
        assertTrue(shown.text().contains("raised most: " + dev.scope.engine.text.PromptSet.labelOf(e.top(1).get(0).prompt())));
        assertEquals(3, shown.view(PromptShiftChart.class).labels().size());
    }

    @Test
    void badInputIsOneLine() {
        assertOneLine(() -> run("ablate", "512", "--labels", "a cat"), "Latent 512 does not exist; the SAE at layer 5");
        assertOneLine(() -> run("ablate", "1", "--layer", "3"), "Layer 3 is not in the last forward result");
        assertOneLine(() -> run("clamp", "3", "lots"), "the value takes a number such as 10 or -2.5, not 'lots'.");
        assertOneLine(() -> run("steer", "3"), "%scope steer takes a latent id and --by α");
        assertOneLine(() -> run("steer", "3", "--by", "1", "--token", "16,0", "--labels", "a cat"),
                "Patch 16,0 is outside the 16×16 patch grid");
        assertOneLine(() -> run("ablate", "3", "--token", "middle"), "--token takes all, cls or a patch as row,col");
        assertOneLine(() -> run("labels", "--file", "/nonexistent/p.txt"), "There is no prompt file /nonexistent/p.txt");
        assertOneLine(() -> run("ablate", "3", "--labels", " , "), "No prompts were given");
    }

    @Test
    void theDemoScopesLabelsAndEditsAreMarked() throws Exception {
        ScopeSession demoSession = new ScopeSession();
        ScopeMagics demo = new ScopeMagics(demoSession);
        try {
            demo.run(List.of("load", "--demo"), NO_VARIABLES);
            demo.run(List.of("forward", "black"), NO_VARIABLES);
            Shown labels = demo.run(List.of("labels", "a cat", "a dog"), NO_VARIABLES);
            assertTrue(labels.view(LabelBars.class).chart().getTitle().startsWith(DemoMark.TEXT));
            Shown ablate = demo.run(List.of("ablate", "1", "--labels", "a cat,a dog"), NO_VARIABLES);
            assertTrue(ablate.text().startsWith(DemoMark.TEXT), ablate.text());
            assertTrue(((InterventionResult) ablate.value()).demo());
        } finally {
            demoSession.replaceScope(null);
        }
    }

    private static void assertOneLine(org.junit.jupiter.api.function.Executable call, String start) {
        MagicException e = assertThrows(MagicException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
