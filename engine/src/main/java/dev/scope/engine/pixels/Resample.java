package dev.scope.engine.pixels;

/**
 * PIL's resampling filters, by the integer code a {@code preprocessor_config.json} stores under
 * {@code "resample"} (PIL's {@code Image.Resampling} values).
 *
 * <p>Every filter but {@link #NEAREST} is a separable convolution kernel of the given support, widened
 * by the scale factor when shrinking (PIL's antialiasing); {@code NEAREST} picks one source pixel.
 */
public enum Resample {
    NEAREST(0, 0.0),
    LANCZOS(1, 3.0),
    BILINEAR(2, 1.0),
    BICUBIC(3, 2.0),
    BOX(4, 0.5),
    HAMMING(5, 1.0);

    /** Bicubic convolution's free parameter, as PIL (and Keys' cubic) uses it. */
    private static final double BICUBIC_A = -0.5;

    private final int pilCode;
    private final double support;

    Resample(int pilCode, double support) {
        this.pilCode = pilCode;
        this.support = support;
    }

    /** The value of {@code PIL.Image.Resampling} for this filter. */
    public int pilCode() {
        return pilCode;
    }

    /** Half-width of the kernel at scale 1, in source pixels. */
    double support() {
        return support;
    }

    /** The filter for a PIL code, or null when PIL has no filter of that code. */
    public static Resample ofPilCode(int code) {
        for (Resample r : values()) {
            if (r.pilCode == code) {
                return r;
            }
        }
        return null;
    }

    /** The kernel's weight at distance {@code x}, written term for term as Pillow's Resample.c does. */
    double weight(double x) {
        switch (this) {
            case BOX:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR:
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            case HAMMING: {
                x = Math.abs(x);
                if (x == 0.0) {
                    return 1.0;
                }
                if (x >= 1.0) {
                    return 0.0;
                }
                x = x * Math.PI;
                // PIL writes these constants as C floats
                return Math.sin(x) / x * (0.54f + 0.46f * Math.cos(x));
            }
            case BICUBIC: {
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((BICUBIC_A + 2.0) * x - (BICUBIC_A + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * BICUBIC_A;
                }
                return 0.0;
            }
            case LANCZOS:
                return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
            default:
                throw new IllegalStateException(this + " is not a convolution filter");
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x = x * Math.PI;
        return Math.sin(x) / x;
    }
}
