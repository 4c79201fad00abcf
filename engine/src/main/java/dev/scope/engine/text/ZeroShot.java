package dev.scope.engine.text;

import dev.scope.engine.Matrix;

/**
 * CLIP's zero-shot classification: {@code logits_per_image = exp(logit_scale) · cos(image, text)}, and
 * the probabilities over a prompt set as their softmax along each image's row.
 */
public final class ZeroShot {
    private ZeroShot() {
    }

    /** (images, texts) logits from (images, d) and (texts, d) embeddings. */
    public static Matrix logits(Matrix imageEmbeds, Matrix textEmbeds, float logitScale) {
        if (imageEmbeds.cols() != textEmbeds.cols()) {
            throw new IllegalArgumentException("Image embeddings are " + imageEmbeds.cols() + " wide but text embeddings "
                    + textEmbeds.cols() + "; both must come from the same CLIP model.");
        }
        double scale = Math.exp(logitScale);
        double[] textNorms = norms(textEmbeds);
        double[] imageNorms = norms(imageEmbeds);
        float[] out = new float[imageEmbeds.rows() * textEmbeds.rows()];
        for (int i = 0; i < imageEmbeds.rows(); i++) {
            for (int t = 0; t < textEmbeds.rows(); t++) {
                double dot = 0;
                for (int c = 0; c < imageEmbeds.cols(); c++) {
                    dot += (double) imageEmbeds.get(i, c) * textEmbeds.get(t, c);
                }
                out[i * textEmbeds.rows() + t] = (float) (scale * dot / (imageNorms[i] * textNorms[t]));
            }
        }
        return new Matrix(imageEmbeds.rows(), textEmbeds.rows(), out);
    }

    /** The softmax of each row. */
    public static Matrix probabilities(Matrix logits) {
        float[] out = new float[logits.data().length];
        for (int r = 0; r < logits.rows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < logits.cols(); c++) {
                max = Math.max(max, logits.get(r, c));
            }
            double sum = 0;
            for (int c = 0; c < logits.cols(); c++) {
                sum += Math.exp(logits.get(r, c) - max);
            }
            for (int c = 0; c < logits.cols(); c++) {
                out[r * logits.cols() + c] = (float) (Math.exp(logits.get(r, c) - max) / sum);
            }
        }
        return new Matrix(logits.rows(), logits.cols(), out);
    }

    /** The cosine of two vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double[] norms(Matrix m) {
        double[] out = new double[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            double s = 0;
            for (int c = 0; c < m.cols(); c++) {
                s += (double) m.get(r, c) * m.get(r, c);
            }
            out[r] = Math.sqrt(s);
        }
        return out;
    }
}
