package dev.scope.bench;

import dev.scope.engine.resid.VitL14;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FlopCountTest {
    @Test
    void vitL14CountsAsTheIssueSays() {
        // 2·257·(4·1024² + 2·1024·4096) + 2·2·257²·1024
        assertEquals(6_738_153_472.0, FlopCount.block(VitL14.CONFIG));
        // 256 patches × 588 values × 1024 outputs × 2
        assertEquals(308_281_344.0, FlopCount.patchEmbed(VitL14.CONFIG));
        assertEquals(162.02, FlopCount.tower(VitL14.CONFIG, 24) / 1e9, 0.01);
        assertEquals(155.29, FlopCount.tower(VitL14.CONFIG, 23) / 1e9, 0.01);
    }

    @Test
    void saeEncoderIsOneGemm() {
        assertEquals(2.0 * 257 * 1024 * 65_536, FlopCount.saeEncode(257, 1024, 65_536));
        assertEquals(FlopCount.gemm(257, 1024, 65_536), FlopCount.saeEncode(257, 1024, 65_536));
    }
}
