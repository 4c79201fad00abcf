package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.TokenContext;

import java.util.Optional;

/**
 * Which token {@code %scope latents --token} looks at: {@code cls} (token 0), {@code N} (token N, CLS being 0 and
 * the patches 1..grid², row-major), {@code row,col} (the patch at that grid row and column, token 1 + row·grid +
 * col) or {@code mean}: the mean over the patch tokens of the dense latent vector (zero where a latent was not
 * in a patch's top k), whose non-zero entries are then ranked like one token's.
 */
sealed interface TokenChoice {

    record Token(int index) implements TokenChoice {
    }

    record Patch(int row, int col) implements TokenChoice {
    }

    record Mean() implements TokenChoice {
    }

    static TokenChoice parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cls")) {
            return new Token(0);
        }
        if (t.equals("mean")) {
            return new Mean();
        }
        String[] parts = t.split(",", -1);
        if (parts.length == 1 && Values.integer(t).isPresent()) {
            return new Token(Values.integer(t).get());
        }
        if (parts.length == 2) {
            Optional<Integer> row = Values.integer(parts[0].strip());
            Optional<Integer> col = Values.integer(parts[1].strip());
            if (row.isPresent() && col.isPresent()) {
                return new Patch(row.get(), col.get());
            }
        }
        throw new MagicException("--token takes cls, mean, a token number like 17, or a patch as row,col like 3,7; not '"
                + text + "'.");
    }

    /** The token index in an image of {@code grid}×{@code grid} patches plus CLS; empty for {@link Mean}. */
    default Optional<Integer> tokenIndex(int grid) {
        int tokens = grid * grid + 1;
        if (this instanceof Token t) {
            if (t.index() < 0 || t.index() >= tokens) {
                throw new MagicException("Token " + t.index() + " does not exist; tokens are 0 (CLS) to " + (tokens - 1)
                        + ", or use --token row,col for a patch.");
            }
            return Optional.of(t.index());
        }
        if (this instanceof Patch p) {
            if (p.row() < 0 || p.row() >= grid || p.col() < 0 || p.col() >= grid) {
                throw new MagicException("Patch " + p.row() + "," + p.col() + " is outside the " + grid + "×" + grid
                        + " grid; rows and columns go from 0 to " + (grid - 1) + ".");
            }
            return Optional.of(1 + p.row() * grid + p.col());
        }
        return Optional.empty();
    }

    /** The dense latent vector this choice stands for (n_features values). */
    default float[] denseLatents(LayerResult layer, int grid) {
        SaeOutput sae = layer.sae();
        Optional<Integer> token = tokenIndex(grid);
        if (token.isPresent()) {
            return sae.latentRow(token.get());
        }
        int patches = grid * grid;
        double[] sum = new double[sae.nFeatures()];
        for (int row = 1; row <= patches; row++) {
            for (int j = 0; j < sae.k(); j++) {
                sum[sae.index(row, j)] += sae.value(row, j);
            }
        }
        float[] mean = new float[sum.length];
        for (int f = 0; f < sum.length; f++) {
            mean[f] = (float) (sum[f] / patches);
        }
        return mean;
    }

    /** How views name this token. */
    default TokenContext context(int layer, int grid) {
        if (this instanceof Mean) {
            return new TokenContext(layer, "mean over " + grid * grid + " patches");
        }
        int token = tokenIndex(grid).orElseThrow();
        return token == 0 ? TokenContext.cls(layer) : TokenContext.patch(layer, token - 1, grid);
    }
}
