package dev.scope.views;

import dev.scope.engine.resid.TokenLayout;

/**
 * Where a token's latents come from, for titles and captions: the layer and the token's name ("CLS", or a
 * patch with its row and column).
 */
public record TokenContext(int layer, String token) {

    public TokenContext {
        if (layer < 0) {
            throw new IllegalArgumentException("Layer " + layer + " is negative; layers count from 0.");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("The token name is empty; pass e.g. \"CLS\" or use TokenContext.patch(...).");
        }
    }

    public static TokenContext cls(int layer) {
        return new TokenContext(layer, "CLS");
    }

    /** Token {@code token} of {@code layout} (0 is CLS), named as {@link TokenLayout#name} names it. */
    public static TokenContext token(int layer, TokenLayout layout, int token) {
        return new TokenContext(layer, layout.name(token));
    }

    /**
     * Patch token {@code patchIndex} (0-based, row-major, CLS not counted) of a {@code gridSize}×{@code gridSize}
     * grid, named by its row and column.
     */
    public static TokenContext patch(int layer, int patchIndex, int gridSize) {
        TokenLayout layout = new TokenLayout(gridSize);
        if (patchIndex < 0 || patchIndex >= layout.patches()) {
            throw new IllegalArgumentException("Patch " + patchIndex + " is outside a " + gridSize + "×" + gridSize
                    + " grid; pass a patch index from 0 to " + (layout.patches() - 1) + ".");
        }
        return token(layer, layout, 1 + patchIndex);
    }

    /** "Layer 22 · CLS". */
    public String describe() {
        return "Layer " + layer + " · " + token;
    }
}
