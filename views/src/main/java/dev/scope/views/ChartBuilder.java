package dev.scope.views;

import java.util.function.Function;

/** A chart's builder: DEMO marking and the size in points (drawn at the display density). */
public abstract class ChartBuilder<B extends ChartBuilder<B, V>, V> extends ViewBuilder<B, V> {

    int width;
    int height;

    ChartBuilder(Function<B, V> make, int width, int height) {
        super(make);
        this.width = width;
        this.height = height;
    }

    public B size(int width, int height) {
        this.width = Sizes.check("width", width);
        this.height = Sizes.check("height", height);
        return self();
    }
}
