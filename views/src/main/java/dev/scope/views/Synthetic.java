package dev.scope.views;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Made-up data for the gallery and the tests: latents, Gaussian bumps on a patch grid, a drawn picture. */
final class Synthetic {

    private Synthetic() {}

    static ActiveLatents latents(Random random, int k, int nFeatures, boolean withNegatives) {
        int[] ids = random.ints(0, nFeatures).distinct().limit(k).toArray();
        float[] values = new float[k];
        for (int i = 0; i < k; i++) {
            values[i] = (float) (8 * Math.exp(-i / 6.0) + random.nextGaussian() * 0.2);
        }
        if (withNegatives) {
            values[k - 1] = -0.8f;
            values[k - 2] = -0.35f;
        }
        return new ActiveLatents(ids, values);
    }

    /** A Gaussian bump of height {@code peak} centred on (row, col) of a size×size grid. */
    static float[] blob(int size, double row, double col, double sigma, float peak) {
        float[] values = new float[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                double d2 = (r - row) * (r - row) + (c - col) * (c - col);
                double v = peak * Math.exp(-d2 / (2 * sigma * sigma));
                values[r * size + c] = Math.abs(v) < 0.05 * Math.abs(peak) ? 0f : (float) v;
            }
        }
        return values;
    }

    /** A made-up picture: sky, sun, hills, a house. */
    static BufferedImage crop(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.graphics(image);
        g.setPaint(new GradientPaint(0, 0, new Color(0x6FA8DC), 0, size * 0.6f, new Color(0xDDEEFF)));
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(0xFFD34E));
        g.fillOval((int) (size * 0.62), (int) (size * 0.1), size / 5, size / 5);
        g.setColor(new Color(0x5B8C3A));
        g.fillOval(-size / 3, (int) (size * 0.55), size, size);
        g.setColor(new Color(0x7BAF4F));
        g.fillOval(size / 3, (int) (size * 0.62), size, size);
        g.setColor(new Color(0xB5533C));
        g.fillRect((int) (size * 0.18), (int) (size * 0.5), size / 4, size / 5);
        g.setColor(new Color(0x6B2E22));
        g.fillPolygon(new int[] {(int) (size * 0.15), (int) (size * 0.305), (int) (size * 0.46)},
                new int[] {(int) (size * 0.5), (int) (size * 0.38), (int) (size * 0.5)}, 3);
        g.dispose();
        return image;
    }

    /** Resize the short side to {@code size}, then cut the centre square. */
    static BufferedImage centreCrop(BufferedImage source, int size) {
        double s = (double) size / Math.min(source.getWidth(), source.getHeight());
        int w = (int) Math.round(source.getWidth() * s);
        int h = (int) Math.round(source.getHeight() * s);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.graphics(out);
        g.drawImage(source, (size - w) / 2, (size - h) / 2, w, h, null);
        g.dispose();
        return out;
    }

    /** The crop mirrored and tinted a little, so that the tiles of a synthetic top-images grid differ. */
    static BufferedImage variant(BufferedImage crop, int index) {
        BufferedImage out = new BufferedImage(crop.getWidth(), crop.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.graphics(out);
        if (index % 2 == 1) {
            g.drawImage(crop, crop.getWidth(), 0, -crop.getWidth(), crop.getHeight(), null);
        } else {
            g.drawImage(crop, 0, 0, null);
        }
        g.setColor(new Color(Color.HSBtoRGB(index / 9f, 0.6f, 0.9f) & 0xFFFFFF | 0x30000000, true));
        g.fillRect(0, 0, crop.getWidth(), crop.getHeight());
        g.dispose();
        return out;
    }

    /** Layer figures for demos: MSE, explained variance, L0 and the share of latents that fired (65,536 latents). */
    static dev.scope.engine.sae.ReconstructionMetrics metrics(double mse, double explainedVariance, double l0, double fired) {
        int dead = (int) Math.round((1 - fired) * 65_536);
        return new dev.scope.engine.sae.ReconstructionMetrics(mse, explainedVariance, l0, fired, 1 - fired,
                explainedVariance * 0.95, (1 - explainedVariance) * 0.6, dead, 65_536, 32_896);
    }
}
