package dev.scope.engine.io;

import dev.scope.engine.limits.Limit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The pickle limits hold at their edges: the last value allowed reads, the first past it is refused. */
class PickleLimitsTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        for (Limit l : Limit.values()) {
            System.clearProperty(l.property());
        }
    }

    @Test
    void numbersUpToTheDigitLimitReadAndTextIntsKeepPyrolitesTypes() throws IOException {
        String digits = "9".repeat(4300);
        assertEquals(new BigInteger(digits), root(new PickleBytes().proto(2).op('L').text(digits + "L\n").stop()));
        assertEquals(new BigInteger("-" + "9".repeat(4299)),
                root(new PickleBytes().proto(2).op('I').text("-" + "9".repeat(4299) + "\n").stop()));
        assertEquals(12, root(new PickleBytes().proto(0).op('I').text("12\n").stop()));
        assertEquals(5_000_000_000L, root(new PickleBytes().proto(0).op('I').text("5000000000\n").stop()));
        assertEquals(true, root(new PickleBytes().proto(0).op('I').text("01\n").stop()));
        assertEquals(2.5, root(new PickleBytes().proto(0).op('F').text("2.5\n").stop()));
        var e = assertThrows(TorchCheckpointException.class,
                () -> root(new PickleBytes().proto(2).op('L').text("9".repeat(4304) + "\n").stop()));
        assertTrue(e.getMessage().contains("has a number of 4,304 digits, over the limit of 4,300 digits"), e.getMessage());
    }

    @Test
    void raisingTheDigitLimitLetsALongerNumberThrough() throws IOException {
        PickleBytes p = new PickleBytes().proto(2).op('L').text("7".repeat(6000) + "\n").stop();
        assertThrows(TorchCheckpointException.class, () -> root(p));
        System.setProperty(Limit.NUMBER_DIGITS.property(), "6000");
        assertEquals(new BigInteger("7".repeat(6000)), root(p));
    }

    @Test
    void nestingUpToTheLimitReadsAndSharedPartsAreNotCycles() throws IOException {
        System.setProperty(Limit.NESTING_DEPTH.property(), "10");
        Object ten = root(new PickleBytes().proto(2).repeat('(', 10).repeat('l', 10).stop());
        int depth = 0;
        for (Object o = ten; o instanceof List<?> l; o = l.isEmpty() ? null : l.get(0)) {
            depth++;
        }
        assertEquals(10, depth);
        var e = assertThrows(TorchCheckpointException.class,
                () -> root(new PickleBytes().proto(2).repeat('(', 11).repeat('l', 11).stop()));
        assertTrue(e.getMessage().contains("at least 11 levels deep, over the limit of 10 levels (nestingDepth)"),
                e.getMessage());
        // [x, x] with x = [[[[]]]] (one list reached twice) is a DAG of depth 5, not a cycle
        Object shared = root(new PickleBytes().proto(2).mark().repeat('(', 4).repeat('l', 4)
                .raw((byte) 'q', (byte) 0).raw((byte) 'h', (byte) 0).op('l').stop());
        assertSame(((List<?>) shared).get(0), ((List<?>) shared).get(1));
    }

    @Test
    void aDeeperPartReachedAgainLaterIsMeasuredWithItsNewDepth() {
        System.setProperty(Limit.NESTING_DEPTH.property(), "6");
        // [x, [[[x]]]] with x four deep: the second path makes x sit at depth 4 + 4 = 8
        PickleBytes p = new PickleBytes().proto(2).mark().repeat('(', 4).repeat('l', 4).raw((byte) 'q', (byte) 0)
                .repeat('(', 3).raw((byte) 'h', (byte) 0).repeat('l', 3).op('l').stop();
        var e = assertThrows(TorchCheckpointException.class, () -> root(p));
        assertTrue(e.getMessage().contains("at least 8 levels deep"), e.getMessage());
    }

    @Test
    void opcodesUpToTheLimitRun() throws IOException {
        System.setProperty(Limit.PICKLE_OPS.property(), "12");
        // PROTO, 5 × (NONE POP), NONE, STOP: 13 opcodes
        PickleBytes thirteen = new PickleBytes().proto(2).text("N0N0N0N0N0").op('N').stop();
        var e = assertThrows(TorchCheckpointException.class, () -> root(thirteen));
        assertTrue(e.getMessage().contains("runs on past the limit of 12 opcodes (pickleOps)"), e.getMessage());
        System.setProperty(Limit.PICKLE_OPS.property(), "13");
        assertNull(root(thirteen));
    }

    @Test
    void stringsAndBytesAnnouncedWithinThePickleRead() throws IOException {
        assertEquals("héllo", root(new PickleBytes().proto(2).str("héllo").stop()));
        byte[] bytes = (byte[]) root(new PickleBytes().proto(3).op('B').raw(4, 0, 0, 0).raw(1, 2, 3, 4).stop());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, bytes);
        var e = assertThrows(TorchCheckpointException.class,
                () -> root(new PickleBytes().proto(3).op('B').raw(6, 0, 0, 0).raw(1, 2, 3, 4).stop()));
        assertTrue(e.getMessage().contains("has a BINBYTES of 6 bytes where only 5 bytes of the pickle remain"),
                e.getMessage());
    }

    @Test
    void onlyHashableValuesAreDictKeys() throws IOException {
        Map<?, ?> ok = (Map<?, ?>) root(new PickleBytes().proto(2).emptyDict().mark().integer(7).str("seven")
                .mark().str("a").integer(1).tuple().str("tuple key").setItems().stop());
        assertEquals("seven", ok.get(7));
        assertEquals(2, ok.size());
        var e = assertThrows(TorchCheckpointException.class,
                () -> root(new PickleBytes().proto(2).emptyDict().emptyDict().op('N').op('s').stop()));
        assertTrue(e.getMessage().contains("uses a dict as a dictionary key"), e.getMessage());
    }

    @Test
    void aPickleOverItsLimitIsRefusedBeforeItIsRead() throws IOException {
        System.setProperty(Limit.PICKLE_BYTES.property(), "10");
        var e = assertThrows(TorchCheckpointException.class,
                () -> root(new PickleBytes().proto(2).str("eleven bytes+").stop()));
        assertTrue(e.getMessage().contains("has a data.pkl of 21 bytes, over the limit of 10 bytes (pickleBytes)"),
                e.getMessage());
    }

    private Object root(PickleBytes pickle) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle.bytes());
        entries.put("archive/byteorder", "little".getBytes());
        Path file = PickleBytes.zip(dir.resolve("p" + System.nanoTime() + ".pt"), entries, false);
        return TorchCheckpoint.read(file).root();
    }
}
