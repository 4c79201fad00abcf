package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ColorScaleTest {

    @Test
    void nonNegativeMapsGetViridisFromZero() {
        ColorScale scale = ColorScale.auto(new float[] {0, 1, 5});
        assertEquals(ColorMap.VIRIDIS, scale.map());
        assertEquals(0.0, scale.min());
        assertEquals(5.0, scale.max());
        assertEquals(0x440154, scale.rgb(0));
        assertEquals(0xFDE725, scale.rgb(5));
        assertEquals(0xFDE725, scale.rgb(50), "clamped above");
    }

    @Test
    void anyNegativeValueGivesADivergingScaleSymmetricAboutZero() {
        ColorScale scale = ColorScale.auto(new float[] {0, 1, 5}, new float[] {-2});
        assertEquals(ColorMap.DIVERGING, scale.map());
        assertEquals(-5.0, scale.min());
        assertEquals(5.0, scale.max());
        assertEquals(0x1A1A22, scale.rgb(0), "zero is the dark middle");
        assertEquals(0x9FD8FF, scale.rgb(-5));
        assertEquals(0xFFC06B, scale.rgb(5));
    }

    @Test
    void allZeroMapsDrawAsNothing() {
        ColorScale scale = ColorScale.auto(new float[16]);
        assertEquals(1.0, scale.max());
        assertEquals(0x440154, scale.rgb(0));
    }

    @Test
    void interpolatesBetweenAnchors() {
        // 9 anchors: t = 1/16 is exactly halfway between 0x9FD8FF and 0x4FA3E8 (halves round up)
        assertEquals((119 << 16) | (190 << 8) | 244, ColorMap.DIVERGING.rgbAt(1.0 / 16));
        assertEquals(0x9FD8FF, ColorMap.DIVERGING.rgbAt(-1), "clamped below");
    }

    @Test
    void anEmptyRangeIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ColorScale(ColorMap.VIRIDIS, 1, 1));
        assertEquals("The colour range [1.0, 1.0] is empty or not finite; pass a finite min below max.", e.getMessage());
    }
}
