package dev.scope.views;

import java.util.function.Function;

/**
 * What every view's builder takes: whether the view is marked DEMO (made from the demo scope's random weights),
 * and how the view is made from the finished builder.
 *
 * @param <B> the builder itself, so that chained calls keep its type
 * @param <V> the view it builds
 */
public abstract class ViewBuilder<B extends ViewBuilder<B, V>, V> {

    private final Function<B, V> make;
    boolean demo;

    ViewBuilder(Function<B, V> make) {
        this.make = make;
    }

    /** Marks the view DEMO: a banner or watermark, and the word in its title or caption. */
    public B demo(boolean demo) {
        this.demo = demo;
        return self();
    }

    public V build() {
        return make.apply(self());
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }
}
