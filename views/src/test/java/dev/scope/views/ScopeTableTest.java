package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scope.engine.ScopeSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTableTest {

    @Test
    void oneRowPerLayerAndLazyLayersSaySo() {
        ScopeSummary summary = new ScopeSummary("CLIP x with SAEs y", false, "cpu", 23, 24, 1024, 257, 1_213_000_000L,
                List.of(new ScopeSummary.Layer(22, 1024, true, 65_536, 32, "22_resid/1200013184.pt", 268_439_552L),
                        new ScopeSummary.Layer(2, 1024, false, 0, 0, "", 0)));
        TableView view = ScopeTable.view(summary);
        assertEquals(List.of("layer", "d_in", "n_features", "k", "checkpoint", "device", "memory"),
                view.table().columnNames());
        assertEquals(List.of(22, 2), view.table().intColumn("layer").asList());
        assertEquals(List.of("65536", ""), view.table().stringColumn("n_features").asList());
        assertEquals(List.of("22_resid/1200013184.pt", ScopeTable.NOT_YET), view.table().stringColumn("checkpoint").asList());
        assertEquals(List.of("268.4 MB", ""), view.table().stringColumn("memory").asList());
        assertEquals("CLIP x with SAEs y · CLIP vision tower: 23 of 24 blocks, width 1024, 257 tokens, ≈1213.0 MB",
                view.caption());
        assertTrue(view.toHtml().contains("22_resid/1200013184.pt"));
    }
}
