package dev.scope.engine.text;

/**
 * Which position of a token row the text tower pools: the first holding {@code eos_token_id}, except
 * for configs whose {@code eos_token_id} is 2 (old ones, such as OpenAI's and some LAION repos'),
 * where transformers takes {@code argmax(input_ids)}: CLIP's EOS is the largest id in its vocabulary.
 */
final class EosPooling {
    private EosPooling() {
    }

    static int position(int[] row, int rowIndex, TextConfig cfg) {
        if (cfg.poolsAtLargestId()) {
            int best = 0;
            for (int i = 1; i < row.length; i++) {
                if (row[i] > row[best]) {
                    best = i;
                }
            }
            return best;
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] == cfg.eosTokenId()) {
                return i;
            }
        }
        throw new IllegalArgumentException("Row " + rowIndex + " of the token ids has no end-of-text token "
                + cfg.eosTokenId() + "; end each row with the eos_token_id of the model's config.");
    }
}
