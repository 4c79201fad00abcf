package dev.scope.views;

import java.util.function.Function;

/**
 * A builder of views that lay a patch grid's colours over photos ({@link Overlay}): the colour scale, the
 * upsampling and how strongly the colours cover the photo.
 */
public abstract class OverlayBuilder<B extends OverlayBuilder<B, V>, V> extends ViewBuilder<B, V> {

    ColorScale colorScale;
    Upsampling upsampling = Upsampling.NEAREST;
    double opacity = 0.6;

    OverlayBuilder(Function<B, V> make) {
        super(make);
    }

    /** A fixed scale, e.g. one shared by several views so that their colours compare; by default each view's own. */
    public B colorScale(ColorScale colorScale) {
        this.colorScale = colorScale;
        return self();
    }

    public B upsampling(Upsampling upsampling) {
        this.upsampling = Overlay.checkUpsampling(upsampling);
        return self();
    }

    /** How strongly the colours cover the photo, from 0 (photo only) to 1 (colours only); 0.6 by default. */
    public B opacity(double opacity) {
        this.opacity = Overlay.checkOpacity(opacity);
        return self();
    }
}
