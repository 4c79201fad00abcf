package dev.scope.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TimingTest {
    @Test
    void warmsUpThenTimesTurnAbout() {
        List<String> calls = new ArrayList<>();
        Timing.Pair pair = Timing.pair(1, 2, () -> calls.add("ours"), () -> calls.add("base"));
        assertEquals(List.of("ours", "base", "ours", "base", "ours", "base"), calls);
        assertEquals(2, pair.ours().repeats());
        assertEquals(1, pair.baseline().warmups());
        assertTrue(pair.ours().minMs() <= pair.ours().medianMs() && pair.ours().medianMs() <= pair.ours().maxMs());
    }

    @Test
    void withoutABaselineOnlyOursRuns() {
        int[] runs = new int[1];
        Timing t = Timing.of(2, 3, () -> runs[0]++);
        assertEquals(5, runs[0]);
        assertEquals(3, t.repeats());
    }

    @Test
    void perItemDividesEveryFigure() {
        Timing t = new Timing(80, 40, 120, 3, 1, 16).per(8);
        assertEquals(10, t.medianMs());
        assertEquals(5, t.minMs());
        assertEquals(15, t.maxMs());
        assertEquals(2, t.faultsPerRun());
    }

    @Test
    void refusesZeroRepeats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timing.of(0, 0, () -> { }));
        assertTrue(e.getMessage().contains("at least one repeat"));
    }
}
