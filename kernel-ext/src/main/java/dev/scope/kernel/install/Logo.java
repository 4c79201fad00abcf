package dev.scope.kernel.install;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The kernel's launcher icon, drawn in code (a lens over a grid of activations): no fonts needed. */
final class Logo {

    private Logo() {
    }

    static byte[] png(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(size / 64.0, size / 64.0);
            g.setColor(new Color(0x1F, 0x3A, 0x5F));
            g.fill(new RoundRectangle2D.Double(0, 0, 64, 64, 14, 14));
            for (int row = 0; row < 4; row++) {
                for (int col = 0; col < 4; col++) {
                    int shade = 90 + 40 * ((row * 3 + col * 5) % 4);
                    g.setColor(new Color(shade, shade, 255 - shade / 3));
                    g.fillRect(14 + col * 7, 12 + row * 7, 5, 5);
                }
            }
            g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(Color.WHITE);
            g.draw(new Ellipse2D.Double(10, 8, 34, 34));
            g.setColor(new Color(0xF2, 0x99, 0x1E));
            g.setStroke(new BasicStroke(8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(40, 40, 54, 54));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
