package dev.scope.engine.sae;

import dev.scope.engine.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The training counters a checkpoint carries: token_count, n_iter and dead_latents, read as torch.save wrote
 * them (fixtures/counters-scope, written with torch by make_counters.py) and counted by the training's rule.
 */
class TrainingCountersTest {

    static Path counters() {
        return Fixtures.root().resolve("counters-scope/3_resid/3014.pt");
    }

    @Test
    void theCountersAreWhatTorchSaved() throws IOException {
        TrainingCounters t = SaeCheckpoint.read(counters()).training();
        assertEquals(3_000_000_000L, t.tokenCount().orElseThrow());
        assertEquals(3014L, t.nIter().orElseThrow());
        assertArrayEquals(new float[] {0, 4096, 9_999_999, 10_000_000, 25_000_000, 120_000_000},
                t.deadLatents().orElseThrow());
        assertEquals(6, t.latents());
    }

    @Test
    void aLatentIsDeadFromTenMillionTokensWithoutFiring() throws IOException {
        TrainingCounters t = SaeCheckpoint.read(counters()).training();
        assertEquals(10_000_000L, ModelCard.DEAD_AFTER_TOKENS);
        assertEquals(3L, t.dead().orElseThrow());
        assertEquals(5L, t.dead(4096).orElseThrow());
        assertEquals(6L, t.dead(0).orElseThrow());
    }

    @Test
    void withoutCountersThereIsNoDeadCount() {
        assertTrue(TrainingCounters.NONE.dead().isEmpty());
        assertEquals(0, TrainingCounters.NONE.latents());
    }
}
