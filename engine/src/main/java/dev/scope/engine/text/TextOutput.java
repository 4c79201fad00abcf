package dev.scope.engine.text;

import dev.scope.engine.Matrix;

/**
 * What the text tower made of {@code batch} token rows, in plain Java memory: the last hidden state
 * ([batch, positions, width], after {@code final_layer_norm}), the hidden state at each row's EOS
 * ({@code pooler_output}) and its projection ({@code text_embeds}).
 */
public record TextOutput(int batch, int positions, int width, int projectionDim, float[] lastHiddenStateData,
                         float[] pooledData, float[] textEmbedsData, int[] eosPositions) {

    /** One row's (positions, width) hidden states. */
    public Matrix lastHiddenState(int row) {
        int per = positions * width;
        float[] out = new float[per];
        System.arraycopy(lastHiddenStateData, row * per, out, 0, per);
        return new Matrix(positions, width, out);
    }

    /** (batch, width): the hidden state at each row's EOS token. */
    public Matrix pooled() {
        return new Matrix(batch, width, pooledData);
    }

    /** (batch, projectionDim): the text embeddings, comparable with image embeddings. */
    public Matrix textEmbeds() {
        return new Matrix(batch, projectionDim, textEmbedsData);
    }
}
