package dev.scope.engine.resid;

/**
 * How the vision tower lays out an image's tokens: token 0 is CLS, then one token per patch of a
 * {@code gridSize} × {@code gridSize} grid, row by row from the top left (16 × 16 for ViT-L/14 at 224,
 * so 257 tokens). Engine, views and magics all ask this type; nothing else counts tokens.
 *
 * <pre>
 * jshell&gt; var layout = scope.clipConfig().tokenLayout();
 * jshell&gt; layout.tokens()            // 257
 * jshell&gt; layout.patchToken(3, 7)     // 56: the patch at row 3, column 7
 * jshell&gt; layout.name(56)             // "patch 55 (row 3, col 7)"
 * jshell&gt; layout.patchValues(r.layer(22).latentOverTokens(4242))   // 256 values, CLS dropped
 * </pre>
 */
public record TokenLayout(int gridSize) {

    /** The CLS token's index. */
    public static final int CLS = 0;

    public TokenLayout {
        if (gridSize < 1) {
            throw new IllegalArgumentException("A patch grid needs at least one patch a side, not " + gridSize + ".");
        }
    }

    /** The layout of {@code tokens} tokens: CLS plus a square grid (257 = 1 + 16 × 16). */
    public static TokenLayout ofTokens(int tokens) {
        int size = (int) Math.round(Math.sqrt(Math.max(0, tokens - 1)));
        if (tokens < 2 || size * size != tokens - 1) {
            throw new IllegalArgumentException(tokens + " tokens are not CLS plus a square grid of patches; pass CLS"
                    + " first and then the patches row by row (e.g. 257 = 1 + 16×16).");
        }
        return new TokenLayout(size);
    }

    public int patches() {
        return gridSize * gridSize;
    }

    /** CLS plus the patches. */
    public int tokens() {
        return patches() + 1;
    }

    /** The token of the patch at {@code row}, {@code col} (from 0, top left). */
    public int patchToken(int row, int col) {
        if (row < 0 || row >= gridSize || col < 0 || col >= gridSize) {
            throw new IllegalArgumentException("Patch " + row + "," + col + " is outside the " + gridSize + "×" + gridSize
                    + " grid; rows and columns go from 0 to " + (gridSize - 1) + ".");
        }
        return 1 + row * gridSize + col;
    }

    /** {@code token} itself when it exists, else one sentence naming the range. */
    public int requireToken(int token) {
        if (token < 0 || token >= tokens()) {
            throw new IllegalArgumentException("Token " + token + " does not exist; tokens are 0 (CLS) to "
                    + (tokens() - 1) + ", the patches row by row after CLS.");
        }
        return token;
    }

    public boolean isPatch(int token) {
        return requireToken(token) != CLS;
    }

    /** The grid row of a patch token. */
    public int row(int token) {
        return patchIndex(token) / gridSize;
    }

    /** The grid column of a patch token. */
    public int col(int token) {
        return patchIndex(token) % gridSize;
    }

    /** "CLS", or "patch 55 (row 3, col 7)" (patches counted from 0, CLS not counted). */
    public String name(int token) {
        return isPatch(token) ? "patch " + patchIndex(token) + " (row " + row(token) + ", col " + col(token) + ")" : "CLS";
    }

    /** The patch tokens' values of a per-token array (CLS first), in grid order. */
    public float[] patchValues(float[] overTokens) {
        requireLength(overTokens);
        return java.util.Arrays.copyOfRange(overTokens, 1, overTokens.length);
    }

    /** The largest value over the patch tokens of a per-token array (CLS first). */
    public float maxOverPatches(float[] overTokens) {
        requireLength(overTokens);
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 1; t < overTokens.length; t++) {
            max = Math.max(max, overTokens[t]);
        }
        return max;
    }

    private int patchIndex(int token) {
        if (!isPatch(token)) {
            throw new IllegalArgumentException("Token 0 is CLS, not a patch; patches are tokens 1 to " + patches() + ".");
        }
        return token - 1;
    }

    private void requireLength(float[] overTokens) {
        if (overTokens.length != tokens()) {
            throw new IllegalArgumentException(overTokens.length + " values do not match the " + tokens()
                    + " tokens of a " + gridSize + "×" + gridSize + " grid; pass one value per token, CLS first.");
        }
    }
}
