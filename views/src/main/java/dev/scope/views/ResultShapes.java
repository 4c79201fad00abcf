package dev.scope.views;

import dev.scope.engine.LayerResult;
import dev.scope.engine.ScopeResult;

/**
 * The shapes of a forward result as text, in the lines of clipscope's README: per layer the CLS token's latent
 * and reconstruction, then those over all tokens and the residual stream.
 */
public final class ResultShapes {

    private ResultShapes() {
    }

    public static String text(ScopeResult result) {
        StringBuilder out = new StringBuilder();
        if (result.demo()) {
            out.append(DemoMark.TEXT).append(": these numbers come from the demo scope.\n");
        }
        for (int layer : result.layers()) {
            LayerResult all = result.layer(layer);
            LayerResult cls = all.cls();
            out.append("layer ").append(layer).append(", CLS token:\n")
                    .append("latent shape ").append(shape(cls.sae().rows(), cls.sae().nFeatures())).append('\n')
                    .append("reconstruction shape ").append(shape(cls.reconstruction().rows(), cls.reconstruction().cols()))
                    .append('\n')
                    .append("layer ").append(layer).append(", all tokens: latent shape ")
                    .append(shape(all.sae().rows(), all.sae().nFeatures())).append(", reconstruction shape ")
                    .append(shape(all.reconstruction().rows(), all.reconstruction().cols())).append(", resid shape ")
                    .append(shape(all.resid().rows(), all.resid().cols())).append('\n');
        }
        return out.toString();
    }

    private static String shape(int rows, int cols) {
        return "(" + rows + ", " + cols + ")";
    }
}
