package dev.scope.engine.hub;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThrottledProgressTest {
    @Test
    void callsAtMostOncePerIntervalButAlwaysTheFirstAndTheLast() {
        AtomicLong clock = new AtomicLong(0);
        List<TransferProgress> calls = new ArrayList<>();
        ThrottledProgress p = new ThrottledProgress(calls::add, "org/name/f", 1000, 200, clock::get);
        long ms = 1_000_000L;
        clock.set(10 * ms);
        p.update(300); // first: reported
        clock.set(50 * ms);
        p.update(400); // 40 ms later: dropped
        clock.set(110 * ms);
        p.update(500); // 100 ms after the last call: reported
        clock.set(120 * ms);
        p.update(1000); // complete: always reported
        assertEquals(List.of(300L, 500L, 1000L), calls.stream().map(TransferProgress::bytesDone).toList());
        TransferProgress last = calls.get(2);
        assertEquals(1000, last.totalBytes());
        // 800 new bytes (resumed from 200) in 120 ms
        assertEquals(800 / 0.120, last.bytesPerSecond(), 1e-6);
        assertEquals(1.0, last.fraction());
        assertEquals(0.5, calls.get(1).fraction());
    }
}
