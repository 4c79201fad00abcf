package dev.scope.engine.pixels;

/**
 * What {@code "size"} in a preprocessor config asks the resize step for: the short side at a length
 * ({@code {"shortest_edge": 224}}, or the old plain {@code 224}), or an exact height and width.
 */
public sealed interface ResizeTarget {

    /** The size an image of {@code width} × {@code height} is resized to. */
    PixelSize outputFor(int width, int height);

    /**
     * Short side = {@code edge}, long side = {@code int(edge * long / short)} (truncated), as
     * transformers' {@code get_resize_output_image_size} computes it.
     */
    record ShortestEdge(int edge) implements ResizeTarget {
        public ShortestEdge {
            if (edge < 1) {
                throw new IllegalArgumentException("The shortest edge must be at least 1 pixel, not " + edge + ".");
            }
        }

        @Override
        public PixelSize outputFor(int width, int height) {
            boolean portrait = width <= height;
            long shortSide = portrait ? width : height;
            long longSide = portrait ? height : width;
            // Python: int(size * long / short), a true (double) division then truncation
            int newLong = (int) ((double) (edge * longSide) / shortSide);
            return portrait ? new PixelSize(newLong, edge) : new PixelSize(edge, newLong);
        }
    }

    /** Resize to exactly this size, ignoring the aspect ratio. */
    record Exact(PixelSize size) implements ResizeTarget {
        @Override
        public PixelSize outputFor(int width, int height) {
            return size;
        }
    }
}
