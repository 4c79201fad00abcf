package dev.scope.engine.pixels;

/** One value for each of the red, green and blue channels, such as a normalisation mean or std. */
public record PerChannel(float red, float green, float blue) {

    /**
     * Rounds double values to float the way numpy casts a Python list to float32 (via the double,
     * which can differ from reading the decimal straight into a float).
     */
    public static PerChannel of(double red, double green, double blue) {
        return new PerChannel((float) red, (float) green, (float) blue);
    }

    /** The value for channel 0 (red), 1 (green) or 2 (blue). */
    public float get(int channel) {
        return switch (channel) {
            case 0 -> red;
            case 1 -> green;
            case 2 -> blue;
            default -> throw new IndexOutOfBoundsException("RGB has channels 0 to 2, not " + channel + ".");
        };
    }
}
