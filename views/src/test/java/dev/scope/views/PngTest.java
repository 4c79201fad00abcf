package dev.scope.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class PngTest {

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "surefire sets java.awt.headless=true");
    }

    @Test
    void chartsRenderAtTheRequestedPixelDensity() {
        XYChart chart = new XYChart(300, 200);
        chart.addSeries("s", new double[] {0, 1, 2}, new double[] {1, 3, 2});
        BufferedImage one = Png.render(chart, 1);
        BufferedImage three = Png.render(chart, 3);
        assertEquals(300, one.getWidth());
        assertEquals(600, three.getHeight());
        assertTrue(Pixels.differing(three, Color.WHITE) > 6 * Pixels.differing(one, Color.WHITE),
                "3× density draws about 9× the pixels");
        assertEquals("Scale 0 is out of range; use a pixel density from 1 to 8.",
                assertThrows(IllegalArgumentException.class, () -> Png.render(chart, 0)).getMessage());
    }

    @Test
    void encodeRoundTrips() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x123456);
        BufferedImage back = Pixels.decode(Png.encode(image));
        assertEquals(0x123456, Pixels.rgb(back, 2, 1));
        assertEquals(0, Pixels.rgb(back, 0, 0));
    }

    @Test
    void demoMarkingIsOneTextEverywhere() {
        assertEquals("DEMO — random weights · Layer 2", DemoMark.title("Layer 2", true));
        assertEquals("Layer 2", DemoMark.title("Layer 2", false));
        assertEquals("DEMO — random weights", DemoMark.caption("", true));
        BufferedImage banner = DemoMark.banner(new BufferedImage(200, 10, BufferedImage.TYPE_INT_RGB), 1);
        assertEquals(32, banner.getHeight());
        assertTrue(Pixels.differing(banner, DemoMark.BANNER) > 200, "the banner has text on it");
    }
}
