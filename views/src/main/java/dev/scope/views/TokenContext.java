package dev.scope.views;

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

    /**
     * Patch token {@code patchIndex} (0-based, row-major, CLS not counted) of a {@code gridSize}×{@code gridSize}
     * grid, named by its row and column.
     */
    public static TokenContext patch(int layer, int patchIndex, int gridSize) {
        if (gridSize < 1 || patchIndex < 0 || patchIndex >= gridSize * gridSize) {
            throw new IllegalArgumentException("Patch " + patchIndex + " is outside a " + gridSize + "×" + gridSize
                    + " grid; pass a patch index from 0 to " + (gridSize * gridSize - 1) + ".");
        }
        return new TokenContext(layer, "patch " + patchIndex + " (row " + patchIndex / gridSize + ", col "
                + patchIndex % gridSize + ")");
    }

    /** "Layer 22 · CLS". */
    public String describe() {
        return "Layer " + layer + " · " + token;
    }
}
