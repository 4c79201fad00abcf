package dev.scope.views;

/**
 * What every view's builder takes: whether the view is marked DEMO (made from the demo scope's random weights).
 *
 * @param <B> the builder itself, so that chained calls keep its type
 * @param <V> the view it builds
 */
public abstract class ViewBuilder<B extends ViewBuilder<B, V>, V> {

    boolean demo;

    /** Marks the view DEMO: a banner or watermark, and the word in its title or caption. */
    public B demo(boolean demo) {
        this.demo = demo;
        return self();
    }

    public abstract V build();

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }
}
