package dev.scope.kernel.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputLimiterTest {

    @Test
    void flushesWholeCharactersOnly() {
        List<String> out = new ArrayList<>();
        OutputLimiter limiter = new OutputLimiter(1000);
        limiter.begin(out::add);
        byte[] bytes = "añ€😀".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            limiter.write(new byte[]{b}, 0, 1);
            limiter.flush();
        }
        assertEquals(List.of("a", "ñ", "€", "😀"), out);
        assertEquals(0, limiter.end());
    }

    @Test
    void dropsWhatGoesOverTheLimitAndCountsIt() {
        List<String> out = new ArrayList<>();
        OutputLimiter limiter = new OutputLimiter(10);
        limiter.begin(out::add);
        byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        limiter.write(bytes, 0, 4);
        limiter.flush();
        limiter.write(bytes, 4, 12);
        assertEquals(6, limiter.end());
        assertEquals("0123456789", String.join("", out));
        limiter.begin(out::add);
        assertEquals(0, limiter.end(), "each cell starts with a fresh allowance");
    }

    @Test
    void utf8PrefixStopsBeforeAnIncompleteCharacter() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, Utf8.completePrefix(new byte[]{euro[0], euro[1]}));
        assertEquals(3, Utf8.completePrefix(euro));
        assertEquals(1, Utf8.completePrefix(new byte[]{'x', euro[0]}));
    }
}
