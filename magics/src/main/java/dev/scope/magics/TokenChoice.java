package dev.scope.magics;

import dev.scope.engine.LayerResult;
import dev.scope.engine.resid.TokenLayout;
import dev.scope.engine.sae.SaeOutput;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.TokenContext;

import java.util.Optional;

/**
 * Which token {@code %scope latents --token} looks at: {@code cls} (token 0), {@code N} (token N of the
 * {@link TokenLayout}), {@code row,col} (the patch at that grid row and column) or {@code mean}: the mean over
 * the patch tokens of the dense latent vector (zero where a latent was not in a patch's top k), whose non-zero
 * entries are then ranked like one token's.
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
            return new Token(TokenLayout.CLS);
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

    /** The token this choice names; empty for {@link Mean}. */
    default Optional<Integer> tokenIndex(TokenLayout layout) {
        if (this instanceof Token t) {
            return Optional.of(EngineCalls.call(() -> layout.requireToken(t.index())));
        }
        if (this instanceof Patch p) {
            return Optional.of(EngineCalls.call(() -> layout.patchToken(p.row(), p.col())));
        }
        return Optional.empty();
    }

    /** The dense latent vector this choice stands for (n_features values). */
    default float[] denseLatents(LayerResult layer, TokenLayout layout) {
        SaeOutput sae = layer.sae();
        Optional<Integer> token = tokenIndex(layout);
        if (token.isPresent()) {
            return sae.latentRow(token.get());
        }
        double[] sum = new double[sae.nFeatures()];
        for (int row = 1; row <= layout.patches(); row++) {
            for (int j = 0; j < sae.k(); j++) {
                sum[sae.index(row, j)] += sae.value(row, j);
            }
        }
        float[] mean = new float[sum.length];
        for (int f = 0; f < sum.length; f++) {
            mean[f] = (float) (sum[f] / layout.patches());
        }
        return mean;
    }

    /** How views name this token. */
    default TokenContext context(int layer, TokenLayout layout) {
        if (this instanceof Mean) {
            return new TokenContext(layer, "mean over " + layout.patches() + " patches");
        }
        return TokenContext.token(layer, layout, tokenIndex(layout).orElseThrow());
    }
}
