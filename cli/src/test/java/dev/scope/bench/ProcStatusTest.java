package dev.scope.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProcStatusTest {
    @Test
    void residentSetSplitsIntoAnonymousAndFileBackedAndPeaksAboveNow() {
        Assumptions.assumeTrue(ProcStatus.available(), "needs Linux /proc");
        ProcStatus s = ProcStatus.read();
        assertTrue(s.rss() > 0);
        assertTrue(s.peakRss() >= s.rss());
        assertTrue(s.anon() > 0 && s.file() > 0);
        // RssShmem is the third part; it is small for a JVM
        assertTrue(s.anon() + s.file() <= s.rss());
        assertEquals(1.5, ProcStatus.mib(3 * 512 * 1024));
    }
}
